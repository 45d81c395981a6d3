import { type DynamicModule, Module } from '@nestjs/common';
import { BUS } from '@cluebus/bus';
import { EVENT_STORE, openSqlEventStore, type SqlEventStore } from '@cluebus/eventstore';
import { createBus } from '@cluebus/service/runtime/create-bus';
import { LEDGER_CONFIG, type LedgerConfig } from './ledger-config';
import { LedgerController, LedgerHealthController } from './ledger.controller';
import { LedgerKeyGuard } from './ledger-key.guard';
import { LEDGER_SQL, LedgerRuntime } from './ledger-runtime';

/** The read side (apps/ledger): relay + ledger projection over the shared PostgreSQL store. */
@Module({})
export class LedgerModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: LedgerModule,
      controllers: [LedgerController, LedgerHealthController],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: EVENT_STORE, useFactory: () => openSqlEventStore({ kind: 'postgres', databaseUrl: config.databaseUrl, hashAlgorithm: config.hashAlgorithm, sealing: config.sealing }) },
        { provide: LEDGER_SQL, useFactory: (store: SqlEventStore) => store.sql, inject: [EVENT_STORE] },
        { provide: BUS, useFactory: () => createBus({ bus: { kind: 'kafka', brokers: config.brokers, clientId: 'cluebus-ledger' } }) },
        LedgerKeyGuard,
        LedgerRuntime,
      ],
    };
  }
}
