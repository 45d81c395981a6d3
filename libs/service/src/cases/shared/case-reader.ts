import { Inject, Injectable } from '@nestjs/common';
import { caseStreamId, clueStreamId, type CaseEvent, type ClueEvent, type RecordedEvent } from '@cluebus/contracts';
import { foldCase, foldClue, type CaseState, type ClueState } from '@cluebus/domain';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import { asDomainEvent } from '../../commands/handle-command';

export interface CaseHistory {
  state: CaseState;
  events: RecordedEvent[];
}

/**
 * Reads a case and the clues it looks at, folded, from their own streams: what a case decision
 * takes as context (CaseDecisionContext.clues) and what the case view is computed from. No
 * visibility check here: the decider and the query handlers apply the rules.
 */
@Injectable()
export class CaseReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async readCase(caseId: string): Promise<CaseHistory> {
    const events = await this.store.readStream(caseStreamId(caseId));
    return { state: foldCase(events.map((e) => asDomainEvent<CaseEvent>(e))), events };
  }

  /** The clues by id, folded; a clue with no events is left out (the rules treat it as missing). */
  async readClues(clueIds: readonly string[]): Promise<Record<string, ClueState>> {
    const histories = await this.readClueHistories(clueIds);
    return Object.fromEntries(Object.entries(histories).map(([id, h]) => [id, h.state]));
  }

  /** The clues by id, folded, with the events they were folded from (for readers that need ids and times too); missing clues left out. */
  async readClueHistories(clueIds: readonly string[]): Promise<Record<string, { state: ClueState; events: RecordedEvent[] }>> {
    const unique = [...new Set(clueIds)];
    const read = await Promise.all(
      unique.map(async (id) => {
        const events = await this.readClueHistory(id);
        return [id, { state: foldClue(events.map((e) => asDomainEvent<ClueEvent>(e))), events }] as const;
      }),
    );
    return Object.fromEntries(read.filter(([, h]) => h.state.exists));
  }

  readClueHistory(clueId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(clueStreamId(clueId));
  }
}
