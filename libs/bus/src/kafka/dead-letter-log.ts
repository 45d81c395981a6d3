import { type Bus, type BusMessage, Headers, Topics } from '../bus';
import { eventIdOf, eventTypeOf } from '../relay/cloud-event-binding';

/** Headers of the replay markers the replay tool appends to the dead-letter topic. */
export const ReplayHeaders = {
  replayOf: 'cluebus-dlq-replay-of',
  replayedAt: 'cluebus-dlq-replayed-at',
} as const;

/** A record read back from the dead-letter topic. */
export interface DeadLetterRecord {
  partition: number;
  offset: string;
  timestamp: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A parked message and what the log says about it. */
export interface DeadLetterEntry extends DeadLetterRecord {
  /** `<partition>:<offset>` in the dead-letter topic: what a replay marker points at. */
  id: string;
  eventId?: string;
  eventType?: string;
  originalTopic: string;
  group?: string;
  error?: string;
  attempts?: number;
  /** When it was replayed (one time per replay; empty = still parked). */
  replayedAt: string[];
}

export interface DeadLetterFilter {
  group?: string;
  eventId?: string;
  /** Without group/eventId: every entry. Guards against replaying everything by accident. */
  all?: boolean;
  /** Also entries replayed before (the consumers' dedup makes a repeat harmless). */
  again?: boolean;
}

const DLQ_HEADERS: string[] = [Headers.error, Headers.originalTopic, Headers.consumerGroup, Headers.attempts];

/** Splits the topic's records into parked entries and replay markers, and joins them. */
export function readDeadLetterLog(records: DeadLetterRecord[]): DeadLetterEntry[] {
  const replays = new Map<string, string[]>();
  const entries: DeadLetterEntry[] = [];
  for (const r of records) {
    const of = r.headers[ReplayHeaders.replayOf];
    if (of !== undefined) {
      replays.set(of, [...(replays.get(of) ?? []), r.headers[ReplayHeaders.replayedAt] ?? r.timestamp]);
      continue;
    }
    const attempts = Number(r.headers[Headers.attempts]);
    entries.push({
      ...r,
      id: `${r.partition}:${r.offset}`,
      eventId: eventIdOf(r.headers),
      eventType: eventTypeOf(r.headers),
      originalTopic: r.headers[Headers.originalTopic] ?? '',
      group: r.headers[Headers.consumerGroup],
      error: r.headers[Headers.error],
      attempts: Number.isFinite(attempts) ? attempts : undefined,
      replayedAt: [],
    });
  }
  for (const e of entries) e.replayedAt = replays.get(e.id) ?? [];
  return entries.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** Entries matching the filter (all filters must hold). */
export function matchDeadLetters(entries: DeadLetterEntry[], filter: DeadLetterFilter): DeadLetterEntry[] {
  return entries.filter((e) => (!filter.group || e.group === filter.group) && (!filter.eventId || e.eventId === filter.eventId));
}

/** What a replay would send: matching, still parked (unless `again`), and with a topic to go back to. */
export function selectForReplay(entries: DeadLetterEntry[], filter: DeadLetterFilter): DeadLetterEntry[] {
  if (!filter.group && !filter.eventId && !filter.all) {
    throw new RangeError('replay needs --group, --event-id or --all');
  }
  const replayable = (e: DeadLetterEntry) => e.originalTopic !== '' && (filter.again || e.replayedAt.length === 0);
  const chosen = matchDeadLetters(entries, filter).filter(replayable);
  if (!filter.eventId) return chosen;
  // A stream's later messages were parked behind the chosen one (per-stream order): they go
  // back with it, after it, or they would stay parked and hold the stream for ever.
  const streams = new Set(chosen.map((e) => `${e.group}\u0000${e.key}`));
  const first = new Map<string, DeadLetterEntry>();
  for (const e of chosen) if (!first.has(`${e.group}\u0000${e.key}`)) first.set(`${e.group}\u0000${e.key}`, e);
  return entries.filter(
    (e) => replayable(e) && streams.has(`${e.group}\u0000${e.key}`) && (chosen.includes(e) || isAfter(e, first.get(`${e.group}\u0000${e.key}`)!)),
  );
}

function isAfter(a: DeadLetterEntry, b: DeadLetterEntry): boolean {
  return a.partition === b.partition && BigInt(a.offset) > BigInt(b.offset);
}

/** The message as it was before it was parked: same key, value and original headers. */
export function replayMessage(entry: DeadLetterEntry): BusMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(entry.headers)) if (!DLQ_HEADERS.includes(k)) headers[k] = v;
  return { key: entry.key, value: entry.value, headers };
}

/** The marker appended to the dead-letter topic after a replay, so the next list shows it replayed. */
export function replayMarker(entry: DeadLetterEntry, at: Date): BusMessage {
  return {
    key: entry.key,
    value: '',
    headers: {
      [ReplayHeaders.replayOf]: entry.id,
      [ReplayHeaders.replayedAt]: at.toISOString(),
      ...(entry.eventId ? { [Headers.eventId]: entry.eventId } : {}),
    },
  };
}

/**
 * Sends chosen entries back to their original topics, in dead-letter order (one stream's
 * messages are in one partition, so in their order), each followed by its replay marker.
 */
export async function replayEntries(bus: Bus, chosen: DeadLetterEntry[], at = () => new Date()): Promise<void> {
  for (const entry of chosen) {
    await bus.publish(entry.originalTopic, [replayMessage(entry)]);
    await bus.publish(Topics.deadLetter, [replayMarker(entry, at())]);
  }
}
