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
  private readonly stats: ConsumerStats[] = [];
  private statsTimer?: NodeJS.Timeout;

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
      const stats = new ConsumerStats(group);
      this.stats.push(stats);
      const handler = withDeadLetter(this.bus, group, async (m) => stats.count(await projector.handle(fromBusMessage(m))), {
        onDeadLetter: (error, headers) => {
          stats.deadLettered++;
          this.logger.error({ msg: 'message dead-lettered', group, headers, error: String(error) });
        },
      });
      this.subscriptions.push(await this.bus.subscribe(Topics.department(code), group, handler));
    }
    // Redeliveries are expected (at-least-once) and absorbed by the dedup; the counts make
    // them visible in the log (the fault test reads them).
    this.statsTimer = setInterval(() => this.stats.forEach((s) => s.report(this.logger)), 5_000);
    this.statsTimer.unref();
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
    clearInterval(this.statsTimer);
    await this.relay?.stop();
    for (const s of this.subscriptions) await s.stop();
    this.stats.forEach((s) => s.report(this.logger));
    await this.bus.close();
    await this.store.close();
  }
}

/** Per consumer group: events applied, redeliveries skipped by the dedup, messages parked. */
class ConsumerStats {
  applied = 0;
  duplicates = 0;
  deadLettered = 0;
  private reported = '';

  constructor(readonly group: string) {}

  count(fresh: boolean): void {
    if (fresh) this.applied++;
    else this.duplicates++;
  }

  report(logger: Logger): void {
    const now = `${this.applied}/${this.duplicates}/${this.deadLettered}`;
    if (now === this.reported) return;
    this.reported = now;
    logger.log({ msg: 'inbox consumer progress', group: this.group, applied: this.applied, duplicates: this.duplicates, deadLettered: this.deadLettered });
  }
}
