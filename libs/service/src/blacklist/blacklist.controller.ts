import { Controller, Get, Query, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BlacklistChangesDto, BlacklistDto } from '@cluebus/contracts';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ApiRead } from '../openapi/api-operation.decorator';
import { ERRORS_OF_A_LOGGED_READ } from '../openapi/error-codes';
import { sheetFile } from '../ledger/exports/ledger-export';
import { BLACKLIST_COLUMNS, exportRow } from './exports/blacklist-columns';
import { GetBlacklistChangesQuery } from './get-blacklist-changes/get-blacklist-changes.query';
import type { BlacklistResult } from './get-blacklist/get-blacklist.handler';
import { GetBlacklistQuery } from './get-blacklist/get-blacklist.query';
import { parseBlacklistParams, parseChangesParams } from './shared/blacklist-params';

/**
 * 黑名单 over HTTP: departments, investigators and auditors read it (auditors' and
 * investigators' queries are recorded by the access-log guard, ID numbers as tokens).
 */
@ApiTags('blacklist')
@Authenticated()
@Roles('department', 'investigator', 'auditor')
@Controller('blacklist')
export class BlacklistController {
  constructor(private readonly queries: QueryBus) {}

  @ApiRead({
    operationId: 'getBlacklist',
    summary: '黑名单 — Who is listed on a day, by whom, why, since and until when, with the events that prove it',
    description:
      'uscc、idNumber、name 至多给一个；身份证号到达即令牌化，不存储、不记录明文；审计与调查人员的查询留痕。format=csv|xlsx 返回文件。— Give at most one of uscc, idNumber, name; an ID number is tokenised on arrival, never stored or logged in clear; auditors\' and investigators\' queries are logged. format=csv|xlsx answers a file (text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).',
    response: BlacklistDto,
    files: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    queries: [
      { name: 'uscc', type: String, description: '统一社会信用代码 — Unified social credit code', example: '91330100716105852F' },
      { name: 'idNumber', type: String, description: '居民身份证号，到达即令牌化 — Resident ID number, tokenised on arrival', example: '11010519491231002X' },
      { name: 'name', type: String, description: '企业或事业单位名称的一部分（2–100 字）— Part of an enterprise or institution name (2–100 characters)', example: '医药' },
      { name: 'asOf', type: String, format: 'date', description: '某日名单 (Asia/Shanghai)，默认今天 — The list on this day YYYY-MM-DD (Asia/Shanghai); default today', example: '2026-12-01' },
      { name: 'format', enum: ['json', 'csv', 'xlsx'], enumName: 'LedgerFormat', description: 'default json' },
    ],
    errors: ERRORS_OF_A_LOGGED_READ,
  })
  @Get()
  async list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>): Promise<BlacklistDto | StreamableFile> {
    const params = parseBlacklistParams(query);
    const result: BlacklistResult = await this.queries.execute(new GetBlacklistQuery(p, params));
    if (params.format === 'json') return { asOf: result.asOf, generatedOn: result.generatedOn, listings: result.listings };
    return sheetFile(params.format, BLACKLIST_COLUMNS, result.rows.map(exportRow), { ascii: 'blacklist', chinese: '黑名单' }, p.instance, result.asOf);
  }

  @ApiRead({
    operationId: 'getBlacklistChanges',
    summary: '黑名单变动 — The listed/delisted feed after a log position',
    description: '以 since=next 继续读取；每次至多 limit 条。— Ask on with since=next; at most limit entries per answer.',
    response: BlacklistChangesDto,
    queries: [
      { name: 'since', type: 'integer', minimum: 0, description: '全局日志位置，默认 0 — A global log position; default 0', example: 0 },
      { name: 'limit', type: 'integer', minimum: 1, maximum: 1000, description: '条数 1–1000，默认 1000 — 1–1000, default 1000', example: 100 },
    ],
    errors: ERRORS_OF_A_LOGGED_READ,
  })
  @Get('changes')
  changes(@Query() query: Record<string, unknown>): Promise<BlacklistChangesDto> {
    const { since, limit } = parseChangesParams(query);
    return this.queries.execute(new GetBlacklistChangesQuery(since, limit));
  }
}
