import type { Server } from 'node:http';
import { BadRequestException, Controller, Get, Headers, Inject, Logger, Query, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiEnums, INBOX_STATUSES, InboxDto } from '@cluebus/contracts';
import { InboxStreamItemDto } from '@cluebus/contracts/dto/responses/inbox-stream.dto';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { DepartmentPrincipal, Principal } from '../auth/principal';
import { ApiRead } from '../openapi/api-operation.decorator';
import { GetInboxQuery } from './get-inbox/get-inbox.query';
import { streamCursorOf } from './stream-inbox/inbox-stream-cursor';
import { serveInboxStream } from './stream-inbox/inbox-stream';

const STATUSES: readonly string[] = INBOX_STATUSES;

@ApiTags('inbox')
@Authenticated()
@Controller('inbox')
export class InboxController {
  private readonly logger = new Logger('InboxStream');

  constructor(
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @ApiRead({
    operationId: 'getInbox',
    summary: '收件箱 — Transfers received (optionally by status) and notices (one-sided bribery flags to ccdi)',
    response: InboxDto,
    queries: [{ name: 'status', ...ApiEnums.InboxStatus, description: '按状态筛选 — Only transfers in this status' }],
  })
  @Get()
  inbox(@CurrentPrincipal() p: Principal, @Query('status') status?: string): Promise<InboxDto> {
    if (status !== undefined && !STATUSES.includes(status)) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'status', message: `status must be one of ${STATUSES.join(', ')}` });
    }
    return this.queries.execute(new GetInboxQuery(p, status));
  }

  @ApiRead({
    operationId: 'streamInbox',
    summary: '收件箱推送 — The inbox as server-sent events: every item addressed to this department after a position, then live',
    description:
      '每条事件 `id` 为全局日志位置；断线后以 `Last-Event-ID` 续传，不丢不重；每 15 秒一条心跳注释。— Each event\'s `id` is its global log position: reconnect with `Last-Event-ID` and nothing is lost or repeated; a heartbeat comment every 15 s; `event: cursor` moves the id past events for other departments.',
    response: InboxStreamItemDto,
    eventStream: true,
    queries: [{ name: 'after', type: 'integer', minimum: 0, example: 0, description: '从此位置之后开始（`Last-Event-ID` 优先），默认 0 — Start after this position (`Last-Event-ID` wins); default 0' }],
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: '上次收到的事件 id（全局位置）— The id (global position) of the last event received', schema: { type: 'string', pattern: '^\\d{1,15}$', example: '42' } })
  @Get('stream')
  async stream(
    @CurrentPrincipal() p: DepartmentPrincipal,
    @Res() res: Response,
    @Headers('last-event-id') lastEventId?: string,
    @Query('after') after?: string,
  ): Promise<void> {
    const cursor = streamCursorOf(lastEventId, after);
    if ('field' in cursor) throw new BadRequestException({ code: 'VALIDATION_FAILED', field: cursor.field, message: cursor.message });
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    try {
      await serveInboxStream(res, {
        store: this.store,
        instance: p.instance,
        after: cursor.after,
        // The graceful shutdown stops listening first (http-shutdown.ts): open streams then end, so the drain does not wait on them.
        stopping: () => !server.listening,
        onError: (error) => this.logger.warn({ msg: 'inbox stream read failed', department: p.instance, error: (error as Error).message }),
      });
    } catch (error) {
      // Once the stream has begun no problem document can follow: end it, the client reconnects after its last id.
      if (!res.headersSent) throw error;
      this.logger.error({ msg: 'inbox stream failed', department: p.instance, error: (error as Error).message });
      res.end();
    }
  }
}
