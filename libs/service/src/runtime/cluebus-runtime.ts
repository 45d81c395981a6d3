import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BUS, type Bus, CONTRACT_TOPICS, type RelayStatus, Topics } from '@cluebus/bus';
import { EVENT_STORE, type EventStore, type SqlClient } from '@cluebus/eventstore';
import { InboxProjection } from '@cluebus/projections';
import { type Processor, ProcessorHost, type ProcessorStatus, projectionConsumer, RELAY, relayProblems, relayProcessor } from '@cluebus/processors';
import { CheckpointerService } from '../audit/checkpointer/checkpointer.service';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../config/cluebus-config';
import { SQL_CLIENT } from './tokens';

/**
 * What runs on its own behind a department service's API, declared as processors and started
 * by the one ProcessorHost: an inbox consumer per hosted department (group `cluebus-inbox-<code>`,
 * scale-out), and where configured the relay and the checkpointer (singletons behind a lease).
 */
@Injectable()
export class CluebusRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly host: ProcessorHost;

  constructor(
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(BUS) private readonly bus: Bus,
    private readonly checkpointer: CheckpointerService,
  ) {
    this.host = new ProcessorHost({ bus, sql, leaseTtlMs: config.leaseTtlMs, log: nestLog(new Logger('Processors')) });
  }

  processors(): Processor[] {
    const log = nestLog(new Logger('Relay'));
    const inboxes = this.config.departments.map((code) =>
      projectionConsumer({ name: `inbox-${code}`, topic: Topics.department(code), projection: new InboxProjection(code), sql: this.sql }),
    );
    const checkpointer = this.checkpointer.processor();
    return [
      ...inboxes,
      ...(this.config.runRelay ? [relayProcessor({ store: this.store, bus: this.bus, sql: this.sql, log })] : []),
      ...(checkpointer ? [checkpointer] : []),
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

export function nestLog(logger: Logger) {
  return { log: (m: object) => logger.log(m), warn: (m: object) => logger.warn(m), error: (m: object) => logger.error(m) };
}
