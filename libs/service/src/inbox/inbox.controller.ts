import { BadRequestException, Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { GetInboxQuery } from './get-inbox/get-inbox.query';

const STATUSES = ['pending', 'acknowledged', 'rejected', 'answered'];

@ApiTags('inbox')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('inbox')
export class InboxController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  inbox(@CurrentPrincipal() p: Principal, @Query('status') status?: string) {
    if (status !== undefined && !STATUSES.includes(status)) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'status', message: `status must be one of ${STATUSES.join(', ')}` });
    }
    return this.queries.execute(new GetInboxQuery(p, status));
  }
}
