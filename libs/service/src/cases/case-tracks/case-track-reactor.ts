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
import { CaseErrorCodes, SUBSTANTIATING_RESULTS } from '@cluebus/domain';
import { type CaseIndexPort, CaseIndexRows } from './case-index';

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
  readonly counts = { opened: 0, replayed: 0, refused: 0, known: 0 };
  readonly refusals: Record<string, number> = {};
  /**
   * (case, department) pairs known to hold a track: stored by this process, found stored, or
   * refused as TRACK_ALREADY_OPEN. A department holds at most one track per case, ever
   * (TrackMayBeOpenedOnce), so asking again could only be refused — and each ask is a case
   * command that reads and folds the whole case stream: on a case of 2,000 clues, with
   * thousands of engagements of departments that already hold tracks, that is millions of
   * events read for nothing.
   * Kept in memory for the `rememberedCases` cases used most recently (a Map in use order), so
   * a long-running process does not grow with every case ever opened; a case forgotten, or a
   * restart, costs one ask per pair, answered from the store.
   */
  private readonly tracksHeld = new Map<string, Set<string>>();

  constructor(
    private readonly deps: CaseTrackReactorDeps,
    private readonly rememberedCases = 10_000,
  ) {}

  /**
   * One page of the log. The index rows of the page are written at its end in one statement (a
   * row per event in its own transaction was one fsync per event: 10,000 of them for a large
   * case), before the processor saves its checkpoint; within the page the reactor reads its
   * own additions from `cases`. The histories of the clues the page attaches are read together,
   * up front: as today, each is the clue's history as stored now.
   */
  async react(events: readonly RecordedEvent[]): Promise<void> {
    const clueIds = events.filter((e) => e.type in ENGAGEMENTS || CLUE_FACTS.has(e.type)).map((e) => String(e.data.clueId));
    const cases = await this.deps.index.casesOfClues(clueIds);
    const histories = await this.historiesOfAttached(events);
    const rows = new CaseIndexRows();
    for (const event of events) await this.apply(event, cases, rows, histories);
    await this.deps.index.write(rows);
  }

  private async historiesOfAttached(events: readonly RecordedEvent[]): Promise<Map<string, RecordedEvent[]>> {
    const ids = new Set<string>();
    for (const e of events) {
      if (e.type === 'CaseOpened') for (const id of (e.data as unknown as CaseOpened).clueIds) ids.add(id);
      if (e.type === 'ClueAttachedToCase') ids.add((e.data as unknown as ClueAttachedToCase).clueId);
    }
    return new Map(await Promise.all([...ids].map(async (id) => [id, await this.deps.clueHistory(id)] as const)));
  }

  private async apply(event: RecordedEvent, cases: Map<string, string[]>, rows: CaseIndexRows, histories: Map<string, RecordedEvent[]>): Promise<void> {
    const position = event.globalPosition;
    switch (event.type) {
      case 'CaseOpened': {
        const d = event.data as unknown as CaseOpened;
        rows.addClues(d.caseId, d.clueIds, position);
        rows.addAudience(d.caseId, [d.lead], position);
        for (const clueId of d.clueIds) {
          remember(cases, clueId, d.caseId);
          await this.catchUp(d.caseId, clueId, position, rows, histories.get(clueId) ?? []);
        }
        return;
      }
      case 'ClueAttachedToCase': {
        const d = event.data as unknown as ClueAttachedToCase;
        rows.addClues(d.caseId, [d.clueId], position);
        rows.addAudience(d.caseId, [d.by], position);
        remember(cases, d.clueId, d.caseId);
        await this.catchUp(d.caseId, d.clueId, position, rows, histories.get(d.clueId) ?? []);
        return;
      }
      case 'TrackOpened': {
        const d = event.data as unknown as TrackOpened;
        this.holds(d.caseId, d.department);
        rows.addAudience(d.caseId, [d.department], position);
        return;
      }
      case 'OneSidedBriberyFlagged': {
        const d = event.data as unknown as OneSidedBriberyFlagged;
        rows.addAudience(d.caseId, [d.recipient], position);
        return;
      }
      case 'FindingRecorded': {
        if (!substantiates(event)) return;
        const clueId = String(event.data.clueId);
        for (const caseId of cases.get(clueId) ?? []) rows.watchFinding(caseId, finding(clueId, event), position);
        return;
      }
      case 'ClueTransferred':
      case 'ClueForwarded': {
        const d = event.data as unknown as ClueTransferred | ClueForwarded;
        for (const caseId of cases.get(d.clueId) ?? []) rows.addAudience(caseId, d.to, position);
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

  private async catchUp(caseId: string, clueId: string, position: number, rows: CaseIndexRows, history: readonly RecordedEvent[]): Promise<void> {
    const audience: string[] = [];
    for (const e of history) {
      if (e.type === 'ClueRegistered') audience.push((e.data as unknown as ClueRegistered).registeredBy);
      if (e.type === 'ClueTransferred' || e.type === 'ClueForwarded') audience.push(...(e.data as unknown as ClueTransferred).to);
    }
    rows.addAudience(caseId, audience, position);
    for (const e of history) if (substantiates(e)) rows.watchFinding(caseId, finding(clueId, e), position);
    for (const e of history) {
      const via = ENGAGEMENTS[e.type];
      if (via) await this.open({ caseId, department: String(e.data.by), via, clueId, causationEventId: e.eventId });
    }
  }

  private async open(request: TrackRequest): Promise<void> {
    const held = this.tracksHeld.get(request.caseId);
    if (held) {
      // most recently used last: the first key is the one to forget
      this.tracksHeld.delete(request.caseId);
      this.tracksHeld.set(request.caseId, held);
    }
    if (held?.has(request.department)) {
      this.counts.known++;
      return;
    }
    const result = await this.deps.openTrack(request);
    if (result.outcome !== 'refused' || result.code === CaseErrorCodes.TRACK_ALREADY_OPEN) this.holds(request.caseId, request.department);
    if (result.outcome === 'refused') {
      // Decided, not failed: a second engagement of the same department (TRACK_ALREADY_OPEN), a concluded case …
      this.counts.refused++;
      this.refusals[result.code] = (this.refusals[result.code] ?? 0) + 1;
    } else this.counts[result.outcome]++;
  }

  private holds(caseId: string, department: string): void {
    (this.tracksHeld.get(caseId) ?? this.tracksHeld.set(caseId, new Set()).get(caseId)!).add(department);
    if (this.tracksHeld.size > this.rememberedCases) this.tracksHeld.delete(this.tracksHeld.keys().next().value!);
  }
}

function finding(clueId: string, event: RecordedEvent): { eventId: string; clueId: string; at: Date } {
  return { eventId: event.eventId, clueId, at: new Date(event.metadata.occurredAt) };
}

function remember(cases: Map<string, string[]>, clueId: string, caseId: string): void {
  const list = cases.get(clueId) ?? cases.set(clueId, []).get(clueId)!;
  if (!list.includes(caseId)) list.push(caseId);
}
