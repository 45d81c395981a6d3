import { DomainError } from '@cluebus/domain';

/** How the store answered one command of a scheduled scan. */
export type ScanAnswer = 'stored' | 'replayed' | 'refused';

/**
 * Issues one command of a scheduled scan (overdue, one-sided bribery, sanction expiry). The
 * aggregate's refusal (a DomainError: answered meanwhile, already recorded — the projection the
 * scan reads lags) is counted in `refused` by code, not thrown: the next scan gets the same
 * answer. Anything else is a fault and propagates.
 */
export async function issueScanCommand(refused: Record<string, number>, issue: () => Promise<{ replayed: boolean }>): Promise<ScanAnswer> {
  try {
    return (await issue()).replayed ? 'replayed' : 'stored';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    refused[error.code] = (refused[error.code] ?? 0) + 1;
    return 'refused';
  }
}

/** What a scan that issues one command per candidate did. */
export interface CandidateScan {
  candidates: number;
  /** Newly stored. */
  recorded: number;
  /** Already stored by an earlier scan (a restart, a stale lease holder, a lagging projection): nothing stored. */
  replayed: number;
  /** Refused by the aggregate, by error code. */
  refused: Record<string, number>;
}

/** Issues the command of each candidate in turn (issueScanCommand) and counts the answers. */
export async function recordEach<T>(candidates: readonly T[], issue: (candidate: T) => Promise<{ replayed: boolean }>): Promise<CandidateScan> {
  const result: CandidateScan = { candidates: candidates.length, recorded: 0, replayed: 0, refused: {} };
  for (const candidate of candidates) {
    const answer = await issueScanCommand(result.refused, () => issue(candidate));
    if (answer === 'stored') result.recorded++;
    else if (answer === 'replayed') result.replayed++;
  }
  return result;
}
