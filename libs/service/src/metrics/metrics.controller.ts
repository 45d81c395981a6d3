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
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
