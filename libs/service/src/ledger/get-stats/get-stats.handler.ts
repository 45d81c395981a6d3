import type { StatsDto } from '@cluebus/contracts';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CN_WORKING_DAYS } from '@cluebus/domain';
import { isLeadUnit } from '../shared/lead-unit';
import { TransferLedgerReader } from '../shared/transfer-ledger-reader';
import { computeLedgerStats, type DepartmentStats } from './ledger-stats';
import { GetStatsQuery } from './get-stats.query';

export interface StatsResult {
  from: string | null;
  to: string | null;
  generatedAt: string;
  /** How the medians count: working days in Asia/Shanghai (State Council holiday calendar). */
  workingDays: 'Asia/Shanghai';
  departments: DepartmentStats[];
}

@QueryHandler(GetStatsQuery)
export class GetStatsHandler implements IQueryHandler<GetStatsQuery> {
  constructor(private readonly ledger: TransferLedgerReader) {}

  async execute({ principal, period }: GetStatsQuery): Promise<StatsDto> {
    const lead = isLeadUnit(principal);
    const me = principal.instance;
    // A department's line needs its own rows only; the lead unit's 通报 covers every department.
    const rows = await this.ledger.rows({
      ...(lead ? {} : { party: me }),
      ...(period.fromInstant ? { from: period.fromInstant } : {}),
      ...(period.toInstant ? { to: period.toInstant } : {}),
    });
    const lines = computeLedgerStats(rows, CN_WORKING_DAYS, [me]);
    return {
      from: period.from ?? null,
      to: period.to ?? null,
      generatedAt: this.ledger.now().toISOString(),
      workingDays: 'Asia/Shanghai',
      departments: lead ? lines : lines.filter((l) => l.department === me),
    };
  }
}
