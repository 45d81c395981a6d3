import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BUS, type Bus, type BusSubscription, EventRelay, fromBusMessage, SqlCheckpointStore, Topics, withDeadLetter } from '@cluebus/bus';
import { DEPARTMENT_CODES } from '@cluebus/contracts';
import { EVENT_STORE, type EventStore, type SqlClient } from '@cluebus/eventstore';
import { IdempotentProjector } from '@cluebus/projections';
import { LEDGER_CONFIG, type LedgerConfig } from './ledger-config';
import { LedgerProjection } from './ledger.projection';

export const LEDGER_SQL = Symbol('LEDGER_SQL');
export const LEDGER_GROUP = 'cluebus-ledger';

/**
 * The read side's moving parts: the relay (store → Kafka; the one process that runs it) and
 * the ledger consumer (cluebus.events → ledger projection, each event applied once).
 */
@Injectable()
export class LedgerRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LedgerRuntime');
  private relay?: EventRelay;
  private subscription?: BusSubscription;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_SQL) private readonly sql: SqlClient,
    @Inject(BUS) private readonly bus: Bus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([Topics.allEvents, Topics.deadLetter, ...DEPARTMENT_CODES.map(Topics.department)]);
    const projector = new IdempotentProjector(this.sql, new LedgerProjection());
    await projector.init();
    const handler = withDeadLetter(this.bus, LEDGER_GROUP, async (m) => void (await projector.handle(fromBusMessage(m))), {
      onDeadLetter: (error, headers) => this.logger.error({ msg: 'message dead-lettered', group: LEDGER_GROUP, headers, error: String(error) }),
    });
    this.subscription = await this.bus.subscribe(Topics.allEvents, LEDGER_GROUP, handler);
    if (this.config.runRelay) {
      // Same checkpoint name as a department service's relay: whichever process runs it continues.
      this.relay = new EventRelay(this.store, this.bus, new SqlCheckpointStore(this.sql), 'relay', (error) =>
        this.logger.warn({ msg: 'relay batch failed; retrying', error: String(error) }),
      );
      await this.relay.start();
    }
  }

  get relayPosition(): number | undefined {
    return this.relay?.position;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.subscription?.stop();
    await this.bus.close();
    await this.store.close();
  }
}
