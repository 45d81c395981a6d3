import { Injectable } from '@nestjs/common';
import { DomainError } from '@cluebus/domain';
import { CommandIds } from '../../commands/command-ids';
import { CaseCommandExecutor } from '../case-command-executor';
import type { TrackOpening, TrackRequest } from './case-track-reactor';

/** The envelope's actor of what the processor records: a system, acting for the engaged department. */
export const CASE_TRACKS_ACTOR = 'cluebus:case-tracks';

/**
 * Issues OpenTrack for the case-track processor through the one command path, on behalf of the
 * engaged department. The command's ids are derived from (department, case, causing event) as if
 * from an Idempotency-Key (docs/adr/0003): a redelivery, a restart or the catch-up of a case
 * issue the very same command, and handleCommand answers it from the events already stored.
 */
@Injectable()
export class CaseTrackOpener {
  constructor(private readonly executor: CaseCommandExecutor) {}

  async openTrack(request: TrackRequest): Promise<TrackOpening> {
    const ids = CaseTrackOpener.idsOf(request);
    try {
      const outcome = await this.executor.execute(
        request.caseId,
        { type: 'OpenTrack', data: { via: request.via, clueId: request.clueId, causationEventId: request.causationEventId } },
        { instance: request.department, actor: CASE_TRACKS_ACTOR },
        ids,
      );
      return { outcome: outcome.replayed ? 'replayed' : 'opened' };
    } catch (error) {
      // A refusal is the case's answer and will be the same next time: record it, do not retry or park.
      if (error instanceof DomainError) return { outcome: 'refused', code: error.code };
      throw error;
    }
  }

  /** Never change the derivation: the ids of tracks already opened depend on it. */
  static idsOf(request: Pick<TrackRequest, 'department' | 'caseId' | 'causationEventId'>): CommandIds {
    return new CommandIds(request.department, `case-track/${request.caseId}/${request.causationEventId}`);
  }
}
