import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { isDepartmentCode, isDepartmentInstance } from '@cluebus/contracts';
import { EVENT_STORE, type EventStore, type SqlClient } from '@cluebus/eventstore';
import { LedgerKeyGuard } from './ledger-key.guard';
import { LEDGER_SQL, LedgerRuntime } from './ledger-runtime';
import { type LedgerRow, queryLedger } from '@cluebus/projections';

@ApiTags('ledger')
@ApiBearerAuth()
@UseGuards(LedgerKeyGuard)
@Controller('ledger')
export class LedgerController {
  constructor(@Inject(LEDGER_SQL) private readonly sql: SqlClient) {}

  /** Every department instance, or those of one code (`?code=samr`). */
  @Get('departments')
  async departments(@Query('code') code?: string): Promise<{ departments: LedgerRow[] }> {
    if (code !== undefined && !isDepartmentCode(code)) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'code', message: 'code must be one of nhc, nhsa, mps, sta, samr, ccdi' });
    }
    return { departments: await queryLedger(this.sql, { code }) };
  }

  @Get('departments/:instance')
  async department(@Param('instance') instance: string): Promise<LedgerRow> {
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

  @Get('health')
  async health() {
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
