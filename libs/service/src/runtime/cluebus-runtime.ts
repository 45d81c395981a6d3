import { Inject, Injectable, Logger } from '@nestjs/common';
import { BUS, type Bus, Topics } from '@cluebus/bus';
import { EVENT_STORE, type EventStore, type SqlClient } from '@cluebus/eventstore';
import { InboxProjection } from '@cluebus/projections';
import { nestProcessorLog, type Processor, ProcessorRuntime, projectionConsumer, relayProcessor } from '@cluebus/processors';
import { CheckpointerService } from '../audit/checkpointer/checkpointer.service';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../config/cluebus-config';
import { SQL_CLIENT } from './tokens';

/**
 * What runs on its own behind a department service's API, declared as processors: an inbox
 * consumer per hosted department (group `cluebus-inbox-<code>`, scale-out), and where
 * configured the relay and the checkpointer (singletons behind a lease).
 */
@Injectable()
export class CluebusRuntime extends ProcessorRuntime {
  constructor(
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SQL_CLIENT) sql: SqlClient,
    @Inject(BUS) bus: Bus,
    private readonly checkpointer: CheckpointerService,
  ) {
    super({ store, sql, bus, leaseTtlMs: config.leaseTtlMs, relayHealth: config.relayHealth, log: nestProcessorLog(new Logger('Processors')) });
  }

  processors(): Processor[] {
    const { store, bus, sql } = this.deps;
    const inboxes = this.config.departments.map((code) =>
      projectionConsumer({ name: `inbox-${code}`, topic: Topics.department(code), projection: new InboxProjection(code), sql }),
    );
    const checkpointer = this.checkpointer.processor();
    return [
      ...inboxes,
      ...(this.config.runRelay ? [relayProcessor({ store, bus, sql, log: nestProcessorLog(new Logger('Relay')) })] : []),
      ...(checkpointer ? [checkpointer] : []),
    ];
  }
}
