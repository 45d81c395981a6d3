import type { RecordedEvent } from '@cluebus/contracts';
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
 * Streams merged by global position. Each is already in log order (a stream's positions grow with
 * the global ones), so this is a k-way merge; a position found twice would be one event read
 * twice (a clue listed twice), and is kept once.
 */
export function mergeByPosition(streams: readonly RecordedEvent[][]): RecordedEvent[] {
  const heads = streams.map(() => 0);
  const merged: RecordedEvent[] = [];
  for (;;) {
    let pick = -1;
    for (let s = 0; s < streams.length; s++) {
      const e = streams[s][heads[s]];
      if (e && (pick < 0 || e.globalPosition < streams[pick][heads[pick]].globalPosition)) pick = s;
    }
    if (pick < 0) return merged;
    const next = streams[pick][heads[pick]++];
    if (merged.length === 0 || merged[merged.length - 1].globalPosition !== next.globalPosition) merged.push(next);
  }
}
