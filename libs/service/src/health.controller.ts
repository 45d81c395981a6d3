import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthDto } from '@cluebus/contracts';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import { CLUEBUS_CONFIG, type CluebusConfig } from './config/cluebus-config';
import { ApiRead } from './openapi/api-operation.decorator';
import { CluebusRuntime } from './runtime/cluebus-runtime';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runtime: CluebusRuntime,
  ) {}

  @ApiRead({
    operationId: 'getHealth',
    summary: '健康检查 — Health: store head, relay position, processors (no key needed)',
    description: '降级时仍返回 200：供运维告警，不是重启的理由。— 200 even when degraded: for operators and alerts, not a reason to restart.',
    response: HealthDto,
    public: true,
  })
  @Get('health')
  async health(): Promise<HealthDto> {
    const problems = await this.runtime.problems();
    return {
      // 200 either way: a degraded relay is for operators and alerts, not a reason to restart
      // or unroute the process (a restart fixes neither a gap nor a broker that is down).
      status: problems.length > 0 ? 'degraded' : 'ok',
      ...(problems.length > 0 ? { problems } : {}),
      mode: this.config.mode,
      departments: this.config.departments,
      store: this.config.store.kind,
      bus: this.config.bus.kind,
      headPosition: await this.store.headPosition(),
      relayPosition: this.runtime.relayPosition ?? null,
      processors: this.runtime.status(),
    };
  }
}
