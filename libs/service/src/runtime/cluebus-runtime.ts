import { Inject, Injectable, Logger } from '@nestjs/common';
import { BUS, type Bus, Topics } from '@cluebus/bus';
import { EVENT_STORE, type EventStore, type SqlClient } from '@cluebus/eventstore';
import { InboxProjection } from '@cluebus/projections';
import { nestProcessorLog, type Processor, ProcessorRuntime, projectionConsumer, relayProcessor } from '@cluebus/processors';
import { CheckpointerService } from '../audit/checkpointer/checkpointer.service';
import { CaseIndex } from '../cases/case-tracks/case-index';
import { CaseTrackOpener } from '../cases/case-tracks/case-track-opener';
import { CaseTrackReactor } from '../cases/case-tracks/case-track-reactor';
import { caseTracksProcessor } from '../cases/case-tracks/case-tracks.processor';
import { CaseReader } from '../cases/shared/case-reader';
import { oneSidedBriberyProcessor } from '../cases/one-sided-bribery/one-sided-bribery.processor';
import { OneSidedBriberyScheduler } from '../cases/one-sided-bribery/one-sided-bribery.scheduler';
import { OverdueScheduler } from '../clues/overdue/overdue-scheduler';
import { overdueProcessor } from '../clues/overdue/overdue.processor';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../config/cluebus-config';
import { SQL_CLIENT } from './tokens';
import { BlacklistProjection, TransferLedgerProjection } from '@cluebus/projections';
import { scheduledScanProcessor, storeProjectionProcessor } from '@cluebus/processors';
import { SanctionExpiryScheduler } from '../sanctions/expiry/sanction-expiry.scheduler';

/**
 * What runs on its own behind a department service's API, declared as processors: an inbox
 * consumer per hosted department (group `cluebus-inbox-<code>`, scale-out), and where
 * configured the relay and the checkpointer, the case-track opener, the overdue scheduler and
 * the one-sided bribery check, the blacklist and the sanction expiry scheduler (singletons behind a lease).
 */
@Injectable()
export class CluebusRuntime extends ProcessorRuntime {
  constructor(
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SQL_CLIENT) sql: SqlClient,
    @Inject(BUS) bus: Bus,
    private readonly checkpointer: CheckpointerService,
    private readonly caseIndex: CaseIndex,
    private readonly caseReader: CaseReader,
    private readonly caseTrackOpener: CaseTrackOpener,
    private readonly overdueScheduler: OverdueScheduler,
    private readonly briberyScheduler: OneSidedBriberyScheduler,
    private readonly expiryScheduler: SanctionExpiryScheduler,
  ) {
    super({ store, sql, bus, leaseTtlMs: config.leaseTtlMs, relayHealth: config.relayHealth, log: nestProcessorLog(new Logger('Processors')) });
  }

  /** The case lookup tables serve the API in every process, whoever runs the case-track processor. */
  override async onApplicationBootstrap(): Promise<void> {
    await this.caseIndex.init();
    await super.onApplicationBootstrap();
  }

  processors(): Processor[] {
    const { store, bus, sql } = this.deps;
    const inboxes = this.config.departments.map((code) =>
      projectionConsumer({ name: `inbox-${code}`, topic: Topics.department(code), projection: new InboxProjection(code), sql }),
    );
    const checkpointer = this.checkpointer.processor();
    const caseTracks = caseTracksProcessor({
      store,
      sql,
      log: nestProcessorLog(new Logger('CaseTracks')),
      reactor: new CaseTrackReactor({
        index: this.caseIndex,
        clueHistory: (clueId) => this.caseReader.readClueHistory(clueId),
        openTrack: (request) => this.caseTrackOpener.openTrack(request),
      }),
    });
    const overdue = overdueProcessor({
      scheduler: this.overdueScheduler,
      everySeconds: this.config.overdueScanSeconds,
      log: nestProcessorLog(new Logger('Overdue')),
    });
    const oneSidedBribery = oneSidedBriberyProcessor({
      scheduler: this.briberyScheduler,
      everySeconds: this.config.briberyScanSeconds,
      log: nestProcessorLog(new Logger('BriberyCheck')),
    });
    return [
      ...inboxes,
      caseTracks,
      overdue,
      oneSidedBribery,
      // 台账: one row per (transfer, recipient) from the store's log, for senders and recipients alike (one lease for every process).
      storeProjectionProcessor({ store, sql, projection: new TransferLedgerProjection(), log: nestProcessorLog(new Logger('TransferLedger')) }),
      // 黑名单: sanctions in force by subject, from the store's log (one lease for every process).
      storeProjectionProcessor({ store, sql, projection: new BlacklistProjection(), log: nestProcessorLog(new Logger('Blacklist')) }),
      // SanctionExpired the day after a sanction's last day, read from the blacklist (one lease per set of departments).
      scheduledScanProcessor({
        name: this.expiryScheduler.leaseName,
        scanner: this.expiryScheduler,
        everySeconds: this.config.sanctionExpiryScanSeconds,
        log: nestProcessorLog(new Logger('SanctionExpiry')),
        notable: (result) => (result.recorded > 0 ? 'sanction expiries recorded' : undefined),
      }),
      ...(this.config.runRelay ? [relayProcessor({ store, bus, sql, log: nestProcessorLog(new Logger('Relay')) })] : []),
      ...(checkpointer ? [checkpointer] : []),
    ];
  }
}
