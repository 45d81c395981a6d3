import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BUS, type Bus, type BusSubscription, EventRelay, fromBusMessage, SqlCheckpointStore, Topics, withDeadLetter } from '@cluebus/bus';
import { IdempotentProjector, InboxProjection } from '@cluebus/projections';
import { EVENT_STORE, type EventStore, type SqlClient } from '@cluebus/eventstore';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../config/cluebus-config';
import { SQL_CLIENT } from './tokens';

/**
 * The moving parts behind the HTTP API: the relay (store → bus) when this process runs it,
 * and one inbox consumer per hosted department (bus → projection, exactly-once effect).
 */
@Injectable()
export class CluebusRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CluebusRuntime');
  private relay?: EventRelay;
  private readonly subscriptions: BusSubscription[] = [];

  constructor(
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(BUS) private readonly bus: Bus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([Topics.allEvents, Topics.deadLetter, ...this.allDepartmentTopics()]);
    for (const code of this.config.departments) {
      const projector = new IdempotentProjector(this.sql, new InboxProjection(code));
      await projector.init();
      const group = `cluebus-inbox-${code}`;
      const handler = withDeadLetter(this.bus, group, async (m) => void (await projector.handle(fromBusMessage(m))), {
        onDeadLetter: (error, headers) => this.logger.error({ msg: 'message dead-lettered', group, headers, error: String(error) }),
      });
      this.subscriptions.push(await this.bus.subscribe(Topics.department(code), group, handler));
    }
    if (this.config.runRelay) {
      this.relay = new EventRelay(this.store, this.bus, new SqlCheckpointStore(this.sql), 'relay', (error) =>
        this.logger.warn({ msg: 'relay batch failed; retrying', error: String(error) }),
      );
      await this.relay.start();
    }
  }

  private allDepartmentTopics(): string[] {
    return ['nhc', 'nhsa', 'mps', 'sta', 'samr', 'ccdi'].map(Topics.department);
  }

  get relayPosition(): number | undefined {
    return this.relay?.position;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    for (const s of this.subscriptions) await s.stop();
    await this.bus.close();
    await this.store.close();
  }
}
