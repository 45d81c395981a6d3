import { Inject, Injectable, Logger } from '@nestjs/common';
import { BUS, type Bus, Topics } from '@cluebus/bus';
import { EVENT_STORE, type EventStore, type SqlClient } from '@cluebus/eventstore';
import { LedgerProjection } from '@cluebus/projections';
import { nestProcessorLog, type Processor, ProcessorRuntime, projectionConsumer, relayProcessor } from '@cluebus/processors';
import { LEDGER_CONFIG, type LedgerConfig } from './ledger-config';

export const LEDGER_SQL = Symbol('LEDGER_SQL');
/** The ledger consumer's processor name; its consumer group is `cluebus-ledger`. */
export const LEDGER_CONSUMER = 'ledger';

/**
 * The read side's processors: the ledger consumer (cluebus.events → 台账, group `cluebus-ledger`:
 * replicas share the partitions) and the relay (a singleton: with two ledger replicas one
 * relays, the other stands by and takes over).
 */
@Injectable()
export class LedgerRuntime extends ProcessorRuntime {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(LEDGER_SQL) sql: SqlClient,
    @Inject(BUS) bus: Bus,
  ) {
    super({ store, sql, bus, leaseTtlMs: config.leaseTtlMs, relayHealth: config.relayHealth, log: nestProcessorLog(new Logger('Processors')) });
  }

  processors(): Processor[] {
    const { store, bus, sql, log } = this.deps;
    return [
      projectionConsumer({ name: LEDGER_CONSUMER, topic: Topics.allEvents, projection: new LedgerProjection(), sql }),
      ...(this.config.runRelay ? [relayProcessor({ store, bus, sql, log })] : []),
    ];
  }
}
