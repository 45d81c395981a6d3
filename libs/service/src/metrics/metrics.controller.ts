import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Gauge } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import { CluebusRuntime } from '../runtime/cluebus-runtime';
import { CluebusMetrics } from './cluebus-metrics';

/** `GET /metrics` in Prometheus text format (outside /v1, no key: scrape it from inside the network). */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: CluebusMetrics,
    @Inject(EVENT_STORE) store: EventStore,
    runtime: CluebusRuntime,
  ) {
    // Gauges read at scrape time: the log head and how far the relay (if here) lags behind it.
    new Gauge({
      name: 'cluebus_store_head_position',
      help: 'Global position of the newest event in the store',
      registers: [metrics.registry],
      async collect() {
        this.set(await store.headPosition());
      },
    });
    new Gauge({
      name: 'cluebus_relay_position',
      help: 'Last global position the relay in this process shipped to the bus (-1: no relay here)',
      registers: [metrics.registry],
      collect() {
        this.set(runtime.relayPosition ?? -1);
      },
    });
    new Gauge({
      name: 'cluebus_relay_lag_events',
      help: 'Events between the store head and the relay in this process (absent where the relay is not active)',
      registers: [metrics.registry],
      async collect() {
        this.reset();
        const relay = runtime.relayStatus();
        if (relay) this.set(Math.max(0, (await store.headPosition()) - relay.position));
      },
    });
    new Gauge({
      name: 'cluebus_relay_failures',
      help: 'Failed relay attempts in a row (0 after a success; absent where the relay is not active)',
      registers: [metrics.registry],
      collect() {
        this.reset();
        const relay = runtime.relayStatus();
        if (relay) this.set(relay.failures);
      },
    });
    new Gauge({
      name: 'cluebus_processor_active',
      help: 'Singleton processors: 1 where this process holds the lease and runs it, 0 on standby',
      labelNames: ['processor'] as const,
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const p of runtime.status()) if (p.kind === 'singleton') this.set({ processor: p.name }, p.state === 'active' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'cluebus_consumer_lag_messages',
      help: 'Group consumers: messages on this member partitions not handled yet, as of its last fetch',
      labelNames: ['group', 'topic'] as const,
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const p of runtime.status()) if (p.kind === 'group') this.set({ group: p.group ?? p.name, topic: p.topic ?? '' }, p.lag ?? 0);
      },
    });
    new Gauge({
      name: 'cluebus_consumer_messages',
      help: 'Group consumers since start: applied, duplicates (redeliveries the dedup absorbed), dead_lettered, parked_behind',
      labelNames: ['group', 'outcome'] as const,
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const p of runtime.status()) {
          if (p.kind !== 'group') continue;
          const group = p.group ?? p.name;
          this.set({ group, outcome: 'applied' }, p.applied ?? 0);
          this.set({ group, outcome: 'duplicates' }, p.duplicates ?? 0);
          this.set({ group, outcome: 'dead_lettered' }, p.deadLettered ?? 0);
          this.set({ group, outcome: 'parked_behind' }, p.parkedBehind ?? 0);
        }
      },
    });
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
