import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { clueStreamId, type RecordedEvent } from '@cluebus/contracts';
import { canSee, foldClue, type ClueState } from '@cluebus/domain';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import type { Principal } from '../../auth/principal';
import { PersonalDataRevealer } from '../../personal-data/reveal/personal-data-revealer';
import { toClueEvent } from '../clue-command-executor';
import { withReporterWithheld } from './event-view';

export interface VisibleHistory {
  state: ClueState;
  events: RecordedEvent[];
}

/** Where a clue's reporter identity is: its vault token (v2), or in clear in a v1 event (read withheld). */
export interface ReporterIdentity {
  sealedToken?: string;
  clearInV1: boolean;
}

/**
 * Reads a clue as the caller may see it: 404 when it does not exist or the caller is neither
 * its registrar nor a recipient; the whistleblower's identity only for the registrar.
 * Investigators see every clue (they replay whole cases across departments), but not the
 * whistleblower: DOMAIN.md gives that to the registering department alone.
 * `asOf` replays the history as it stood at that moment. Sealed personal data is resolved from
 * the vault for the reader (docs/adr/0010): "[erased]" once crypto-shredded.
 */
@Injectable()
export class VisibleHistoryReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly revealer: PersonalDataRevealer,
  ) {}

  async read(clueId: string, principal: Principal, asOf?: Date): Promise<VisibleHistory> {
    const { state, events } = await this.visible(clueId, principal, asOf);
    const registrar = principal.role === 'department' && state.registeredBy === principal.instance;
    const revealed = await this.revealer.reveal(state, events, registrar);
    if (registrar) return revealed;
    return { state: revealed.state, events: revealed.events.map(withReporterWithheld) };
  }

  /** The clue (404 unless visible) and where its reporter's identity is; nothing revealed. */
  async readRegistration(clueId: string, principal: Principal): Promise<{ state: ClueState; reporter: ReporterIdentity }> {
    const { state } = await this.visible(clueId, principal);
    const [raw] = await this.store.readStream(clueStreamId(clueId), { raw: true, maxCount: 1 });
    const reporter = (raw?.data.reporter ?? {}) as { personalData?: { token: string }; name?: string; contact?: string };
    return {
      state,
      reporter: {
        ...(reporter.personalData ? { sealedToken: reporter.personalData.token } : {}),
        clearInV1: raw?.schemaVersion === 1 && (reporter.name !== undefined || reporter.contact !== undefined),
      },
    };
  }

  private async visible(clueId: string, principal: Principal, asOf?: Date): Promise<VisibleHistory> {
    const all = await this.store.readStream(clueStreamId(clueId));
    const events = asOf ? all.filter((e) => new Date(e.recordedAt) <= asOf) : all;
    const state = foldClue(events.map(toClueEvent));
    const visible = principal.role === 'investigator' || canSee(state, principal.instance);
    if (!state.exists || !visible) {
      throw new NotFoundException({ code: 'CLUE_NOT_FOUND', field: 'id', message: `no clue ${clueId} visible to ${principal.instance}` });
    }
    return { state, events };
  }
}
