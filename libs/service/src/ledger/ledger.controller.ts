import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ApiEnums, LedgerDto, StatsDto } from '@cluebus/contracts';
import { chinaDate } from '@cluebus/domain';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { AuditorPrincipal, DepartmentPrincipal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ledgerFile } from './exports/ledger-export';
import type { LedgerResult } from './get-ledger/get-ledger.handler';
import { GetLedgerQuery } from './get-ledger/get-ledger.query';
import { GetStatsQuery } from './get-stats/get-stats.query';
import { ApiRead } from '../openapi/api-operation.decorator';
import { parseLedgerParams, parsePeriod } from './shared/ledger-params';

/**
 * 台账 and 通报 statistics over HTTP, for department keys (the guard's default); auditors read
 * the ledger of every department (metadata only, as scope=all), their queries logged. The query
 * parameters are checked by hand, as the inbox's are: a bad one is a 400 VALIDATION_FAILED
 * naming it, a repeated one too.
 */
const PERIOD_DATE = { type: String, format: 'date', example: '2026-11-01' } as const;

@ApiTags('ledger')
@Authenticated()
@Controller()
export class LedgerController {
  constructor(private readonly queries: QueryBus) {}

  @ApiRead({
    operationId: 'getLedger',
    summary: '移交台账 — The transfer ledger (JSON, or a CSV/XLSX file with format)',
    description: 'scope=all 仅限牵头单位（nhc），且只含元数据。— scope=all: the lead unit (nhc) only, metadata only. format=csv|xlsx answers a file (text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).',
    response: LedgerDto,
    files: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    queries: [
      { name: 'direction', enum: ['sent', 'received'], enumName: 'LedgerDirectionFilter', description: '发出或收到 — Sent or received; default both' },
      { name: 'status', ...ApiEnums.InboxStatus },
      { name: 'category', ...ApiEnums.ClueCategory },
      { name: 'overdue', enum: ['true', 'false'], enumName: 'BooleanFilter', description: '仅逾期/未逾期 — Only overdue (true) or not (false)' },
      { name: 'from', ...PERIOD_DATE, description: '首个移交日期（含）— First transfer date YYYY-MM-DD (Asia/Shanghai), included' },
      { name: 'to', ...PERIOD_DATE, description: '最后移交日期（含）— Last transfer date YYYY-MM-DD (Asia/Shanghai), included' },
      { name: 'scope', enum: ['own', 'all'], enumName: 'LedgerScope', description: 'all：牵头单位全部台账 — all: every department (lead unit only)' },
      { name: 'format', enum: ['json', 'csv', 'xlsx'], enumName: 'LedgerFormat', description: 'default json' },
    ],
    errors: { 403: ['FORBIDDEN'] },
  })
  @Get('ledger')
  @Roles('department', 'auditor')
  async ledger(@CurrentPrincipal() p: DepartmentPrincipal | AuditorPrincipal, @Query() query: Record<string, unknown>) {
    const params = parseLedgerParams(query);
    const result: LedgerResult = await this.queries.execute(new GetLedgerQuery(p, params));
    if (params.format === 'json') return result;
    return ledgerFile(params.format, result.rows, result.metadataOnly, result.department, chinaDate(new Date(result.generatedAt)));
  }

  @ApiRead({
    operationId: 'getStats',
    summary: '通报统计 — Per-department counts, overdue rate and median working days over a period',
    response: StatsDto,
    queries: [
      { name: 'from', ...PERIOD_DATE, description: '首个移交日期（含）— First transfer date YYYY-MM-DD (Asia/Shanghai), included' },
      { name: 'to', ...PERIOD_DATE, description: '最后移交日期（含）— Last transfer date YYYY-MM-DD (Asia/Shanghai), included' },
    ],
  })
  @Get('stats')
  stats(@CurrentPrincipal() p: DepartmentPrincipal, @Query() query: Record<string, unknown>): Promise<StatsDto> {
    return this.queries.execute(new GetStatsQuery(p, parsePeriod(query)));
  }
}
