import { type Bus, CONTRACT_TOPICS, type RelayStatus } from '@cluebus/bus';
import { type EventStore, type SqlClient, SqlEventStore } from '@cluebus/eventstore';
import { RELAY, type RelayHealthLimits, relayProblems } from './catalogue/relay.processor';
import { sealerProcessor } from './catalogue/sealer.processor';
import type { Processor, ProcessorStatus } from './processor';
import { ProcessorHost } from './processor-host';
import type { ProcessorLog } from './processor-log';

export interface ProcessorRuntimeDeps {
  store: EventStore;
  sql: SqlClient;
  bus: Bus;
  leaseTtlMs: number;
  relayHealth: RelayHealthLimits;
  log: ProcessorLog;
}

/**
 * What every process runs behind its API, whatever the app: the contract topics, the host with
 * the processors the app declares, their status and health, and the shutdown order (host, then
 * bus, then store). An app's runtime extends it and says only which processors it declares;
 * Nest calls the lifecycle hooks by name.
 */
export abstract class ProcessorRuntime {
  protected readonly host: ProcessorHost;

  protected constructor(protected readonly deps: ProcessorRuntimeDeps) {
    this.host = new ProcessorHost({ bus: deps.bus, sql: deps.sql, leaseTtlMs: deps.leaseTtlMs, log: deps.log });
  }

  /** The processors this process's configuration enables. */
  abstract processors(): Processor[];

  async onApplicationBootstrap(): Promise<void> {
    await this.deps.bus.ensureTopics([...CONTRACT_TOPICS]);
    await this.host.start([...this.sealer(), ...this.processors()]);
  }

  /**
   * Every process on a store with sealing 'sealer' declares the sealer (docs/adr/0009): the lease
   * lets one seal, another takes over when it dies, and no app can forget it — without a sealer
   * appends would commit and never get their positions.
   */
  private sealer(): Processor[] {
    const { store, sql, log } = this.deps;
    return store instanceof SqlEventStore && store.sealed ? [sealerProcessor({ sql, algorithm: store.hashAlgorithm, log })] : [];
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
    return relay ? relayProblems(relay, await this.deps.store.headPosition(), this.deps.relayHealth) : [];
  }

  status(): ProcessorStatus[] {
    return this.host.status();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.stop();
    await this.deps.bus.close();
    await this.deps.store.close();
  }
}
