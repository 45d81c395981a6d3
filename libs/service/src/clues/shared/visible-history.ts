import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { clueStreamId, type RecordedEvent } from '@cluebus/contracts';
import { canSee, foldClue, type ClueState } from '@cluebus/domain';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import type { Principal } from '../../auth/principal';
import { toClueEvent } from '../clue-command-executor';

export interface VisibleHistory {
  state: ClueState;
  events: RecordedEvent[];
}

/**
 * Reads a clue as the caller may see it: 404 when it does not exist or the caller is neither
 * its registrar nor a recipient; the whistleblower's identity only for the registrar.
 * Investigators see every clue (they replay whole cases across departments), but not the
 * whistleblower: DOMAIN.md gives that to the registering department alone.
 * `asOf` replays the history as it stood at that moment.
 */
@Injectable()
export class VisibleHistoryReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async read(clueId: string, principal: Principal, asOf?: Date): Promise<VisibleHistory> {
    const all = await this.store.readStream(clueStreamId(clueId));
    const events = asOf ? all.filter((e) => new Date(e.recordedAt) <= asOf) : all;
    const state = foldClue(events.map(toClueEvent));
    const visible = principal.role === 'investigator' || canSee(state, principal.instance);
    if (!state.exists || !visible) {
      throw new NotFoundException({ code: 'CLUE_NOT_FOUND', field: 'id', message: `no clue ${clueId} visible to ${principal.instance}` });
    }
    if (principal.role === 'department' && state.registeredBy === principal.instance) return { state, events };
    return { state: { ...state, reporter: undefined } as ClueState, events: events.map(redactReporter) };
  }
}

function redactReporter(e: RecordedEvent): RecordedEvent {
  if (e.type !== 'ClueRegistered' || !('reporter' in e.data)) return e;
  const { reporter: _hidden, ...data } = e.data;
  return { ...e, data: { ...data, reporterWithheld: true } };
}
