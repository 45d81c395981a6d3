import { BadRequestException, Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ApiEnums, INBOX_STATUSES, InboxDto } from '@cluebus/contracts';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiRead } from '../openapi/api-operation.decorator';
import { GetInboxQuery } from './get-inbox/get-inbox.query';

const STATUSES: readonly string[] = INBOX_STATUSES;

@ApiTags('inbox')
@UseGuards(ApiKeyGuard)
@Controller('inbox')
export class InboxController {
  constructor(private readonly queries: QueryBus) {}

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
}
