import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BUS } from '@cluebus/bus';
import { EVENT_STORE, openSqlEventStore, type SqlEventStore } from '@cluebus/eventstore';
import { AUDIT_CONTROLLERS, auditProviders } from './audit/audit.providers';
import { CASE_CONTROLLERS, CASE_PROVIDERS } from './cases/cases.providers';
import { LEDGER_CONTROLLERS, LEDGER_PROVIDERS } from './ledger/ledger.providers';
import { SANCTION_CONTROLLERS, SANCTION_PROVIDERS } from './sanctions/sanctions.providers';
import { BLACKLIST_CONTROLLERS, BLACKLIST_PROVIDERS } from './blacklist/blacklist.providers';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AcknowledgeTransferHandler } from './clues/acknowledge-transfer/acknowledge-transfer.handler';
import { ClueCommandExecutor } from './clues/clue-command-executor';
import { CluesController } from './clues/clues.controller';
import { DecideDispositionHandler } from './clues/decide-disposition/decide-disposition.handler';
import { ForwardClueHandler } from './clues/forward-clue/forward-clue.handler';
import { GetClueHistoryHandler } from './clues/get-clue-history/get-clue-history.handler';
import { GetClueHandler } from './clues/get-clue/get-clue.handler';
import { IssueSupervisionHandler } from './clues/issue-supervision/issue-supervision.handler';
import { DenyExtensionHandler } from './clues/deny-extension/deny-extension.handler';
import { GrantExtensionHandler } from './clues/grant-extension/grant-extension.handler';
import { RequestExtensionHandler } from './clues/request-extension/request-extension.handler';
import { CLOCK, systemClock, type CluebusOverrides } from './clues/overdue/clock';
import { OverdueScheduler } from './clues/overdue/overdue-scheduler';
import { OpenInvestigationHandler } from './clues/open-investigation/open-investigation.handler';
import { RecordFindingHandler } from './clues/record-finding/record-finding.handler';
import { RegisterClueHandler } from './clues/register-clue/register-clue.handler';
import { RejectTransferHandler } from './clues/reject-transfer/reject-transfer.handler';
import { SendFeedbackHandler } from './clues/send-feedback/send-feedback.handler';
import { VisibleHistoryReader } from './clues/shared/visible-history';
import { SuggestRecipientsHandler } from './clues/suggest-recipients/suggest-recipients.handler';
import { TransferClueHandler } from './clues/transfer-clue/transfer-clue.handler';
import { CLUEBUS_CONFIG, type CluebusConfig } from './config/cluebus-config';
import { HealthController } from './health.controller';
import { CluebusMetrics } from './metrics/cluebus-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { IdTokenizer } from './identity/id-tokenizer';
import { PERSONAL_DATA_CONTROLLERS, personalDataProviders } from './personal-data/personal-data.providers';
import { GetInboxHandler } from './inbox/get-inbox/get-inbox.handler';
import { InboxController } from './inbox/inbox.controller';
import { createBus } from './runtime/create-bus';
import { SchemasController } from './schemas/schemas.controller';
import { CluebusRuntime } from './runtime/cluebus-runtime';
import { SQL_CLIENT } from './runtime/tokens';

const COMMAND_HANDLERS = [
  RegisterClueHandler,
  TransferClueHandler,
  AcknowledgeTransferHandler,
  RejectTransferHandler,
  ForwardClueHandler,
  OpenInvestigationHandler,
  RecordFindingHandler,
  DecideDispositionHandler,
  SendFeedbackHandler,
  IssueSupervisionHandler,
  RequestExtensionHandler,
  GrantExtensionHandler,
  DenyExtensionHandler,
];
const QUERY_HANDLERS = [GetClueHandler, GetClueHistoryHandler, GetInboxHandler, SuggestRecipientsHandler];

/** A department service (one or all six departments): HTTP API, CQRS handlers, relay, inbox consumers. */
@Module({})
export class CluebusModule {
  /** `overrides` are for tests only (a fake Clock); production passes none, and no setting selects them. */
  static forRoot(config: CluebusConfig, overrides: CluebusOverrides = {}): DynamicModule {
    return {
      module: CluebusModule,
      imports: [CqrsModule.forRoot()],
      controllers: [CluesController, InboxController, HealthController, MetricsController, SchemasController, ...AUDIT_CONTROLLERS, ...CASE_CONTROLLERS, ...LEDGER_CONTROLLERS, ...PERSONAL_DATA_CONTROLLERS, ...SANCTION_CONTROLLERS, ...BLACKLIST_CONTROLLERS],
      providers: [
        { provide: CLUEBUS_CONFIG, useValue: config },
        // Old event versions are upcast on read (FindingRecorded v1 → v2, the store's default); raw reads return them as stored.
        { provide: EVENT_STORE, useFactory: () => openSqlEventStore(config.store) },
        { provide: SQL_CLIENT, useFactory: (store: SqlEventStore) => store.sql, inject: [EVENT_STORE] },
        { provide: BUS, useFactory: () => createBus(config) },
        { provide: IdTokenizer, useFactory: () => new IdTokenizer(config.idTokenKey) },
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        ApiKeyGuard,
        ClueCommandExecutor,
        OverdueScheduler,
        CluebusMetrics,
        VisibleHistoryReader,
        CluebusRuntime,
        ...COMMAND_HANDLERS,
        ...QUERY_HANDLERS,
        ...CASE_PROVIDERS,
        ...LEDGER_PROVIDERS,
        ...SANCTION_PROVIDERS,
        ...BLACKLIST_PROVIDERS,
        ...auditProviders(config),
        ...personalDataProviders(config),
      ],
    };
  }
}
