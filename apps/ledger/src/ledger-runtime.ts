import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BUS, type Bus, CONTRACT_TOPICS, type RelayStatus, Topics } from '@cluebus/bus';
import { EVENT_STORE, type EventStore, type SqlClient } from '@cluebus/eventstore';
import { LedgerProjection } from '@cluebus/projections';
import { type Processor, ProcessorHost, type ProcessorLog, type ProcessorStatus, projectionConsumer, RELAY, relayProblems, relayProcessor } from '@cluebus/processors';
import { LEDGER_CONFIG, type LedgerConfig } from './ledger-config';

export const LEDGER_SQL = Symbol('LEDGER_SQL');
/** The ledger consumer's processor name; its consumer group is `cluebus-ledger`. */
export const LEDGER_CONSUMER = 'ledger';

/**
 * The read side's processors, started by the one ProcessorHost: the ledger consumer
 * (cluebus.events → 台账, group `cluebus-ledger`: replicas share the partitions) and the relay
 * (a singleton: with two ledger replicas one relays, the other stands by and takes over).
 */
@Injectable()
export class LedgerRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly host: ProcessorHost;
  private readonly log: ProcessorLog;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_SQL) private readonly sql: SqlClient,
    @Inject(BUS) private readonly bus: Bus,
  ) {
    const logger = new Logger('Processors');
    this.log = { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) };
    this.host = new ProcessorHost({ bus, sql, leaseTtlMs: config.leaseTtlMs, log: this.log });
  }

  processors(): Processor[] {
    return [
      projectionConsumer({ name: LEDGER_CONSUMER, topic: Topics.allEvents, projection: new LedgerProjection(), sql: this.sql }),
      ...(this.config.runRelay ? [relayProcessor({ store: this.store, bus: this.bus, sql: this.sql, log: this.log })] : []),
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([...CONTRACT_TOPICS]);
    await this.host.start(this.processors());
  }

  get relayPosition(): number | undefined {
    return this.relayStatus()?.position;
  }

  /** The relay's status where it is active in this process; undefined on a standby or where it does not run. */
  relayStatus(): RelayStatus | undefined {
    const relay = this.host.find(RELAY);
    return relay?.state === 'active' ? (relay.detail as unknown as RelayStatus) : undefined;
  }

  /** Why this process is degraded (empty when healthy): today, its relay (ADR 0006). */
  async problems(): Promise<string[]> {
    const relay = this.relayStatus();
    return relay ? relayProblems(relay, await this.store.headPosition(), this.config.relayHealth) : [];
  }

  status(): ProcessorStatus[] {
    return this.host.status();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.stop();
    await this.bus.close();
    await this.store.close();
  }
}
