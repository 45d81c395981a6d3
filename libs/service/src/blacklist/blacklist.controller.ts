import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { sheetFile } from '../ledger/exports/ledger-export';
import { BLACKLIST_COLUMNS, exportRow } from './exports/blacklist-columns';
import { GetBlacklistChangesQuery } from './get-blacklist-changes/get-blacklist-changes.query';
import type { BlacklistResult } from './get-blacklist/get-blacklist.handler';
import { GetBlacklistQuery } from './get-blacklist/get-blacklist.query';
import { parseBlacklistParams, parseChangesParams } from './shared/blacklist-params';

/**
 * 黑名单 over HTTP: departments, investigators and auditors read it (auditors' and
 * investigators' queries are recorded by the access-log interceptor, ID numbers as tokens).
 */
@ApiTags('blacklist')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Roles('department', 'investigator', 'auditor')
@Controller('blacklist')
export class BlacklistController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ operationId: 'getBlacklist', summary: 'Who is listed on a day, by whom, why, since and until when, with the events that prove it' })
  @ApiQuery({ name: 'uscc', required: false })
  @ApiQuery({ name: 'idNumber', required: false, description: 'tokenised on arrival, never stored or logged in clear' })
  @ApiQuery({ name: 'name', required: false, description: 'part of an enterprise or institution name' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD (Asia/Shanghai); default today' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  async list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>) {
    const params = parseBlacklistParams(query);
    const result: BlacklistResult = await this.queries.execute(new GetBlacklistQuery(p, params));
    if (params.format === 'json') return { asOf: result.asOf, generatedOn: result.generatedOn, listings: result.listings };
    return sheetFile(params.format, BLACKLIST_COLUMNS, result.rows.map(exportRow), { ascii: 'blacklist', chinese: '黑名单' }, p.instance, result.asOf);
  }

  @Get('changes')
  @ApiOperation({ operationId: 'getBlacklistChanges', summary: 'The listed/delisted feed after a log position' })
  @ApiQuery({ name: 'since', required: false })
  @ApiQuery({ name: 'limit', required: false })
  changes(@Query() query: Record<string, unknown>) {
    const { since, limit } = parseChangesParams(query);
    return this.queries.execute(new GetBlacklistChangesQuery(since, limit));
  }
}
