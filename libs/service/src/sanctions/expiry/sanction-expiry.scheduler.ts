import { Inject, Injectable } from '@nestjs/common';
import { chinaDate, DomainError } from '@cluebus/domain';
import type { SqlClient } from '@cluebus/eventstore';
import { sanctionsDueToExpire } from '@cluebus/projections';
import { CommandIds } from '../../commands/command-ids';
import { CLOCK, type Clock } from '../../clues/overdue/clock';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../../config/cluebus-config';
import { SQL_CLIENT } from '../../runtime/tokens';
import { SanctionCommandExecutor } from '../sanction-command-executor';

/** The envelope's actor of what the scheduler records: a system, acting for the sanctioning department. */
export const SANCTION_EXPIRY_ACTOR = 'cluebus:sanction-expiry';

export interface SanctionExpiryScan {
  candidates: number;
  recorded: number;
  replayed: number;
  refused: Record<string, number>;
}

/**
 * Records SanctionExpired for sanctions past their last day (China date by the Clock), found in
 * the blacklist projection, through the one command path in the sanctioning department's name.
 * The ids are derived from the sanction (`expiry/<sanctionId>`) as from an Idempotency-Key: a
 * second scan, a restart or a stale lease holder issue the same command and store nothing new.
 */
@Injectable()
export class SanctionExpiryScheduler {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
    private readonly executor: SanctionCommandExecutor,
  ) {}

  get leaseName(): string {
    return `sanction-expiry-${[...this.config.departments].sort().join('+')}`;
  }

  async scan(): Promise<SanctionExpiryScan> {
    const today = chinaDate(this.clock.now());
    const due = await sanctionsDueToExpire(this.sql, today, this.config.departments);
    const result: SanctionExpiryScan = { candidates: due.length, recorded: 0, replayed: 0, refused: {} };
    for (const s of due) {
      try {
        const outcome = await this.executor.execute(s.subjectKey, s.sanctionId, { type: 'ExpireSanction', data: { sanctionId: s.sanctionId, today } }, { instance: s.department, actor: SANCTION_EXPIRY_ACTOR }, SanctionExpiryScheduler.idsOf(s.department, s.sanctionId));
        if (outcome.replayed) result.replayed++;
        else result.recorded++;
      } catch (error) {
        // Revoked or repaired meanwhile (the projection lags): the same answer next time; count it.
        if (!(error instanceof DomainError)) throw error;
        result.refused[error.code] = (result.refused[error.code] ?? 0) + 1;
      }
    }
    return result;
  }

  /** Never change the derivation: the ids of expiries already stored depend on it. */
  static idsOf(department: string, sanctionId: string): CommandIds {
    return new CommandIds(department, `expiry/${sanctionId}`);
  }
}
