import { Inject, Injectable } from '@nestjs/common';
import { chinaDate } from '@cluebus/domain';
import type { SqlClient } from '@cluebus/eventstore';
import { sanctionsDueToExpire } from '@cluebus/projections';
import { CommandIds } from '../../commands/command-ids';
import { type CandidateScan, recordEach } from '../../commands/scan-commands';
import { CLOCK, type Clock } from '../../clues/overdue/clock';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../../config/cluebus-config';
import { SQL_CLIENT } from '../../runtime/tokens';
import { SanctionCommandExecutor } from '../sanction-command-executor';

/** The envelope's actor of what the scheduler records: a system, acting for the sanctioning department. */
export const SANCTION_EXPIRY_ACTOR = 'cluebus:sanction-expiry';

/** Sanctions past their last day found in the blacklist, and what their expiry commands did (a refusal: revoked or repaired meanwhile, the projection lags). */
export type SanctionExpiryScan = CandidateScan;

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
    return recordEach(due, (s) =>
      this.executor.execute(s.subjectKey, s.sanctionId, { type: 'ExpireSanction', data: { sanctionId: s.sanctionId, today } }, { instance: s.department, actor: SANCTION_EXPIRY_ACTOR }, SanctionExpiryScheduler.idsOf(s.department, s.sanctionId)),
    );
  }

  /** Never change the derivation: the ids of expiries already stored depend on it. */
  static idsOf(department: string, sanctionId: string): CommandIds {
    return new CommandIds(department, `expiry/${sanctionId}`);
  }
}
