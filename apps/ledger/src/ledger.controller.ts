import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiEnums, DepartmentLedgerListDto, DepartmentLedgerRowDto, isDepartmentCode, isDepartmentInstance, LedgerHealthDto } from '@cluebus/contracts';
import { ApiRead } from '@cluebus/service/openapi';
import { EVENT_STORE, type EventStore, type SqlClient } from '@cluebus/eventstore';
import { LedgerKeyGuard } from './ledger-key.guard';
import { LEDGER_SQL, LedgerRuntime } from './ledger-runtime';
import { queryLedger } from '@cluebus/projections';

@ApiTags('ledger')
@UseGuards(LedgerKeyGuard)
@Controller('ledger')
export class LedgerController {
  constructor(@Inject(LEDGER_SQL) private readonly sql: SqlClient) {}

  /** Every department instance, or those of one code (`?code=samr`). */
  @ApiRead({
    operationId: 'listDepartmentLedgers',
    summary: '各部门台账 — Counts of every department instance, or of one code',
    response: DepartmentLedgerListDto,
    queries: [{ name: 'code', ...ApiEnums.DepartmentCode, description: '部门代码 — Only instances of this department code' }],
  })
  @Get('departments')
  async departments(@Query('code') code?: string): Promise<DepartmentLedgerListDto> {
    if (code !== undefined && !isDepartmentCode(code)) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'code', message: 'code must be one of nhc, nhsa, mps, sta, samr, ccdi' });
    }
    return { departments: await queryLedger(this.sql, { code }) };
  }

  @ApiRead({
    operationId: 'getDepartmentLedger',
    summary: '某部门实例台账 — Counts of one department instance (code:region)',
    response: DepartmentLedgerRowDto,
    params: [{ name: 'instance', schema: { type: 'string', pattern: '^[a-z]+:[0-9]{6}$' }, description: '部门实例 code:region — e.g. samr:341300', example: 'samr:341300' }],
    errors: { 404: ['NOT_FOUND'] },
  })
  @Get('departments/:instance')
  async department(@Param('instance') instance: string): Promise<DepartmentLedgerRowDto> {
    if (!isDepartmentInstance(instance)) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'instance', message: 'instance must be code:region, e.g. samr:341300' });
    }
    const [row] = await queryLedger(this.sql, { instance });
    if (!row) throw new NotFoundException({ code: 'NOT_FOUND', field: 'instance', message: `no ledger entries for ${instance}` });
    return row;
  }
}

@ApiTags('health')
@Controller()
export class LedgerHealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_SQL) private readonly sql: SqlClient,
    private readonly runtime: LedgerRuntime,
  ) {}

  @ApiRead({ operationId: 'getLedgerHealth', summary: '健康检查 — Health of the ledger app (no key needed)', response: LedgerHealthDto, public: true })
  @Get('health')
  async health(): Promise<LedgerHealthDto> {
    // The newest event that changed a count (cheap: one row per department instance).
    const { rows } = await this.sql.query<{ p: string | null }>(`SELECT max(last_event_position) AS p FROM cluebus_ledger_departments`);
    const problems = await this.runtime.problems();
    return {
      status: problems.length > 0 ? 'degraded' : 'ok',
      ...(problems.length > 0 ? { problems } : {}),
      service: 'ledger',
      headPosition: await this.store.headPosition(),
      relayPosition: this.runtime.relayPosition ?? null,
      ledgerPosition: Number(rows[0].p ?? 0),
      processors: this.runtime.status(),
    };
  }
}
