import type {
  CaseOpened,
  ClueAttachedToCase,
  ClueForwarded,
  ClueRegistered,
  ClueTransferred,
  FindingRecorded,
  InvestigationOpened,
  OneSidedBriberyFlagged,
  RecordedEvent,
  TrackOpened,
  TrackOpenedVia,
  TransferAcknowledged,
} from '@cluebus/contracts';
import { SUBSTANTIATING_RESULTS } from '@cluebus/domain';
import type { CaseIndexPort } from './case-index';

/** A track to open: the department's engagement (the causing clue event) with a clue of the case. */
export interface TrackRequest {
  caseId: string;
  department: string;
  via: TrackOpenedVia;
  clueId: string;
  /** The TransferAcknowledged or InvestigationOpened that engages the department: the command's ids derive from it. */
  causationEventId: string;
}

/** What became of a request: stored now, found stored by an earlier delivery, or refused by the case (its code). */
export type TrackOpening = { outcome: 'opened' | 'replayed' } | { outcome: 'refused'; code: string };

export interface CaseTrackReactorDeps {
  index: CaseIndexPort;
  /** A clue's stream as stored (upcast): to catch up on engagements that happened before the clue joined the case. */
  clueHistory(clueId: string): Promise<RecordedEvent[]>;
  /** Issues OpenTrack through the one command path with ids derived from (case, causing event): a repeat is a no-op. */
  openTrack(request: TrackRequest): Promise<TrackOpening>;
}

const ENGAGEMENTS: Record<string, TrackOpenedVia> = { TransferAcknowledged: 'acknowledged-transfer', InvestigationOpened: 'investigation' };
/** Other clue events the reactor looks up the cases of: who may find them, what the one-sided check watches. */
const CLUE_FACTS = new Set(['ClueTransferred', 'ClueForwarded', 'FindingRecorded']);

function substantiates(event: RecordedEvent): boolean {
  return event.type === 'FindingRecorded' && SUBSTANTIATING_RESULTS.includes((event.data as unknown as FindingRecorded).result);
}

/**
 * What the case-track processor does with the global log, in its order (一案多查: a department's
 * track opens when it acknowledges a transfer of a clue of the case, or opens an investigation
 * on one):
 *
 * - CaseOpened / ClueAttachedToCase: index the clue under the case, note who may find the case,
 *   and catch up: every acknowledgement and investigation already in the clue's history opens
 *   its department's track (the clue may have been engaged before it joined the case, or while
 *   the case was being opened).
 * - TransferAcknowledged / InvestigationOpened of an indexed clue: open that department's track
 *   in each of the clue's cases.
 * - ClueTransferred / ClueForwarded of an indexed clue, TrackOpened, OneSidedBriberyFlagged: the
 *   recipients, the track holder, the ccdi handed the flag may now find the case.
 * - A substantiated FindingRecorded of an indexed clue (also in the catch-up): the case goes on
 *   the one-sided bribery check's watch list.
 *
 * Exactly once without a dedup table: every OpenTrack has ids derived from (case, causing
 * event), so a redelivered batch, the catch-up and the live event all issue the same command,
 * which handleCommand answers from the stored events; the case itself allows one track per
 * department (TrackMayBeOpenedOnce) under optimistic concurrency. Index writes are idempotent.
 */
export class CaseTrackReactor {
  readonly counts = { opened: 0, replayed: 0, refused: 0 };
  readonly refusals: Record<string, number> = {};

  constructor(private readonly deps: CaseTrackReactorDeps) {}

  async react(events: readonly RecordedEvent[]): Promise<void> {
    const clueIds = events.filter((e) => e.type in ENGAGEMENTS || CLUE_FACTS.has(e.type)).map((e) => String(e.data.clueId));
    const cases = await this.deps.index.casesOfClues(clueIds);
    for (const event of events) await this.apply(event, cases);
  }

  private async apply(event: RecordedEvent, cases: Map<string, string[]>): Promise<void> {
    const position = event.globalPosition;
    switch (event.type) {
      case 'CaseOpened': {
        const d = event.data as unknown as CaseOpened;
        await this.deps.index.addClues(d.caseId, d.clueIds, position);
        await this.deps.index.addAudience(d.caseId, [d.lead], position);
        for (const clueId of d.clueIds) {
          remember(cases, clueId, d.caseId);
          await this.catchUp(d.caseId, clueId, position);
        }
        return;
      }
      case 'ClueAttachedToCase': {
        const d = event.data as unknown as ClueAttachedToCase;
        await this.deps.index.addClues(d.caseId, [d.clueId], position);
        await this.deps.index.addAudience(d.caseId, [d.by], position);
        remember(cases, d.clueId, d.caseId);
        await this.catchUp(d.caseId, d.clueId, position);
        return;
      }
      case 'TrackOpened': {
        const d = event.data as unknown as TrackOpened;
        await this.deps.index.addAudience(d.caseId, [d.department], position);
        return;
      }
      case 'OneSidedBriberyFlagged': {
        const d = event.data as unknown as OneSidedBriberyFlagged;
        await this.deps.index.addAudience(d.caseId, [d.recipient], position);
        return;
      }
      case 'FindingRecorded': {
        if (!substantiates(event)) return;
        const clueId = String(event.data.clueId);
        for (const caseId of cases.get(clueId) ?? []) await this.watch(caseId, clueId, event, position);
        return;
      }
      case 'ClueTransferred':
      case 'ClueForwarded': {
        const d = event.data as unknown as ClueTransferred | ClueForwarded;
        for (const caseId of cases.get(d.clueId) ?? []) await this.deps.index.addAudience(caseId, d.to, position);
        return;
      }
      case 'TransferAcknowledged':
      case 'InvestigationOpened': {
        const d = event.data as unknown as TransferAcknowledged | InvestigationOpened;
        for (const caseId of cases.get(d.clueId) ?? []) await this.open({ caseId, department: d.by, via: ENGAGEMENTS[event.type], clueId: d.clueId, causationEventId: event.eventId });
        return;
      }
    }
  }

  private async catchUp(caseId: string, clueId: string, position: number): Promise<void> {
    const history = await this.deps.clueHistory(clueId);
    const audience: string[] = [];
    for (const e of history) {
      if (e.type === 'ClueRegistered') audience.push((e.data as unknown as ClueRegistered).registeredBy);
      if (e.type === 'ClueTransferred' || e.type === 'ClueForwarded') audience.push(...(e.data as unknown as ClueTransferred).to);
    }
    await this.deps.index.addAudience(caseId, audience, position);
    for (const e of history) if (substantiates(e)) await this.watch(caseId, clueId, e, position);
    for (const e of history) {
      const via = ENGAGEMENTS[e.type];
      if (via) await this.open({ caseId, department: String(e.data.by), via, clueId, causationEventId: e.eventId });
    }
  }

  private watch(caseId: string, clueId: string, finding: RecordedEvent, position: number): Promise<void> {
    return this.deps.index.watchFinding(caseId, { eventId: finding.eventId, clueId, at: new Date(finding.metadata.occurredAt) }, position);
  }

  private async open(request: TrackRequest): Promise<void> {
    const result = await this.deps.openTrack(request);
    if (result.outcome === 'refused') {
      // Decided, not failed: a second engagement of the same department (TRACK_ALREADY_OPEN), a concluded case …
      this.counts.refused++;
      this.refusals[result.code] = (this.refusals[result.code] ?? 0) + 1;
    } else this.counts[result.outcome]++;
  }
}

function remember(cases: Map<string, string[]>, clueId: string, caseId: string): void {
  const list = cases.get(clueId) ?? cases.set(clueId, []).get(clueId)!;
  if (!list.includes(caseId)) list.push(caseId);
}
