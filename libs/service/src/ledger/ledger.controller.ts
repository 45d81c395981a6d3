import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { chinaDate } from '@cluebus/domain';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { AuditorPrincipal, DepartmentPrincipal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ledgerFile } from './exports/ledger-export';
import type { LedgerResult } from './get-ledger/get-ledger.handler';
import { GetLedgerQuery } from './get-ledger/get-ledger.query';
import { GetStatsQuery } from './get-stats/get-stats.query';
import { parseLedgerParams, parsePeriod } from './shared/ledger-params';

/**
 * 台账 and 通报 statistics over HTTP, for department keys (the guard's default); auditors read
 * the ledger of every department (metadata only, as scope=all), their queries logged. The query
 * parameters are checked by hand, as the inbox's are: a bad one is a 400 VALIDATION_FAILED
 * naming it, a repeated one too.
 */
@ApiTags('ledger')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller()
export class LedgerController {
  constructor(private readonly queries: QueryBus) {}

  @Get('ledger')
  @Roles('department', 'auditor')
  @ApiQuery({ name: 'direction', required: false, enum: ['sent', 'received'], description: 'default: both' })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'acknowledged', 'rejected', 'answered'] })
  @ApiQuery({ name: 'category', required: false })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'from', required: false, description: 'first transfer date YYYY-MM-DD (Asia/Shanghai), included' })
  @ApiQuery({ name: 'to', required: false, description: 'last transfer date YYYY-MM-DD (Asia/Shanghai), included' })
  @ApiQuery({ name: 'scope', required: false, enum: ['own', 'all'], description: 'all: lead unit (nhc) only, metadata only' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  async ledger(@CurrentPrincipal() p: DepartmentPrincipal | AuditorPrincipal, @Query() query: Record<string, unknown>) {
    const params = parseLedgerParams(query);
    const result: LedgerResult = await this.queries.execute(new GetLedgerQuery(p, params));
    if (params.format === 'json') return result;
    return ledgerFile(params.format, result.rows, result.metadataOnly, result.department, chinaDate(new Date(result.generatedAt)));
  }

  @Get('stats')
  @ApiQuery({ name: 'from', required: false, description: 'first transfer date YYYY-MM-DD (Asia/Shanghai), included' })
  @ApiQuery({ name: 'to', required: false, description: 'last transfer date YYYY-MM-DD (Asia/Shanghai), included' })
  stats(@CurrentPrincipal() p: DepartmentPrincipal, @Query() query: Record<string, unknown>) {
    return this.queries.execute(new GetStatsQuery(p, parsePeriod(query)));
  }
}
