import type { CaseTimelineDto, RecordedEvent } from '@cluebus/contracts';
import { canSee, type ClueState } from '@cluebus/domain';
import type { Principal } from '../../auth/principal';

/**
 * The streams a viewer's timeline is made of: the case's own, and each attached clue the viewer
 * may see (investigators: all) — a department does not learn of a clue of the case it was never
 * sent by reading the case, as in the case view.
 */
export function visibleStreams(
  caseEvents: RecordedEvent[],
  clues: Readonly<Record<string, { state: ClueState; events: RecordedEvent[] }>>,
  viewer: Principal,
): RecordedEvent[][] {
  const seen = Object.values(clues).filter((c) => viewer.role === 'investigator' || canSee(c.state, viewer.instance));
  return [caseEvents, ...seen.map((c) => c.events)];
}

/**
 * Streams merged by global position. Each is already in log order, but a case has thousands of
 * streams (one a clue), so they are sorted together rather than merged k ways (n·k steps: most of
 * a 2,000-clue timeline); a position found twice would be one event read twice (a clue listed
 * twice), and is kept once.
 */
export function mergeByPosition<E extends { globalPosition: number }>(streams: readonly (readonly E[])[]): E[] {
  const all = streams.flat().sort((a, b) => a.globalPosition - b.globalPosition);
  return all.filter((e, i) => i === 0 || all[i - 1].globalPosition !== e.globalPosition);
}

/** The timeline's JSON around its events, each already serialised (CaseTimelineDto). */
export function timelineJson(head: Omit<CaseTimelineDto, 'events'>, eventsJson: readonly string[]): string {
  return `${JSON.stringify({ caseId: head.caseId, asOf: head.asOf, checkpoint: head.checkpoint }).slice(0, -1)},"events":[${eventsJson.join(',')}]}`;
}
