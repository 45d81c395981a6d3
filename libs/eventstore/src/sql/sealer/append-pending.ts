import type { NewEvent } from '@cluebus/contracts';
import type { ExpectedVersion } from '../../event-store';
import { EventIdConflictError, WrongExpectedVersionError } from '../../errors';
import type { SqlClient, SqlExecutor } from '../sql-client';
import { eventContentTemplate } from '@cluebus/audit';
import { APPEND_PENDING_CLAIMED, APPEND_PENDING_FUNCTION, PENDING_EVENT_ID_INDEX, queuePendingSql, storedAlreadySql, STREAM_LOCK_CLASS } from './append-pending-function';
import { PENDING_CHANNEL } from './pending-schema';

/** What an append on the concurrent path knows at commit: its stream positions, not yet its global ones. */
export interface PendingAppendResult {
  nextExpectedVersion: number;
  /** Stream positions of the appended events, in order. */
  streamPositions: number[];
  /** True when every id was already stored by this stream at the same place: nothing written. */
  idempotentReplay: boolean;
  /** When the events were queued (ISO, millisecond precision; undefined for a replay): what they will be sealed with. */
  recordedAt?: string;
}

/**
 * Appends on the concurrent path (docs/adr/0009): one transaction that locks only the stream's
 * head row, checks the expected version exactly, makes sure no event id is stored already and
 * queues the events for the sealer. Appends of different streams never wait for each other.
 */
export async function appendPending(
  sql: SqlClient,
  streamId: string,
  events: NewEvent[],
  expectedVersion: ExpectedVersion,
): Promise<PendingAppendResult> {
  const ids = events.map((e) => e.eventId);
  if (new Set(ids).size !== ids.length) throw new RangeError('append: an event id appears twice in one append');
  const fast = await appendInOneRoundTrip(sql, streamId, events, expectedVersion);
  if (fast) return fast;
  const outcome = await sql.transaction(async (tx) => {
    const current = await lockStreamHead(tx, streamId);
    // Some id is stored already (queued or sealed: one snapshot sees a sealer's move whole): a
    // replay or a clash, answered before the version is checked, as KurrentDB does.
    if ((await storedWhere(tx, ids)).length > 0) throw CLAIMED;
    const refused = expectedVersionError(streamId, expectedVersion, current);
    if (refused) throw refused;
    const recordedAt = new Date().toISOString();
    // An append of the same ids to another stream, still open, makes the queue's unique index
    // wait for it, and fail if it commits: a clash, answered by replay() below. One that
    // committed and was sealed since the look above has left the queue: the history has it now.
    await tx.query(QUEUE_SQL, [streamId, current, ids, ...appendTemplates(streamId, events, recordedAt), recordedAt]);
    if ((await tx.query<{ exists: boolean }>(storedAlreadySql('$1::uuid[]'), [ids])).rows[0].exists) throw CLAIMED;
    const next = current + events.length;
    await tx.query(`UPDATE cluebus_stream_heads SET version = $2 WHERE stream_id = $1`, [streamId, next]);
    await tx.query(`SELECT pg_notify($1, '')`, [PENDING_CHANNEL]);
    return { nextExpectedVersion: next, streamPositions: events.map((_, i) => current + 1 + i), idempotentReplay: false, recordedAt };
  }).catch((error: unknown) => {
    if (error === CLAIMED || queuedAlready(error)) return 'claimed-before' as const;
    throw error;
  });
  if (outcome !== 'claimed-before') return outcome;
  return replay(sql, streamId, ids);
}

const CLAIMED = Symbol('claimed');

/** The queue's unique index refused an id: another append queued it first. */
function queuedAlready(error: unknown): boolean {
  return (error as { code?: string }).code === '23505' && String((error as Error).message).includes(PENDING_EVENT_ID_INDEX);
}

/** Where the ids are stored, queued or sealed. */
async function storedWhere(sql: SqlExecutor, ids: string[]): Promise<Array<{ event_id: string; stream_id: string; stream_position: number }>> {
  const { rows } = await sql.query<{ event_id: string; stream_id: string; stream_position: number }>(
    `SELECT event_id::text, stream_id, stream_position FROM cluebus_pending WHERE event_id = ANY($1::uuid[])
     UNION ALL SELECT event_id::text, stream_id, stream_position FROM cluebus_events WHERE event_id = ANY($1::uuid[])`,
    [ids],
  );
  return rows;
}

const QUEUE_SQL = queuePendingSql({ stream: '$1', after: '$2::integer', ids: '$3::uuid[]', events: '$4::text', globalAt: '$5::integer[]', streamAt: '$6::integer[]', recordedAt: '$7::timestamptz' });

/**
 * The events' canonical contents as one JSON array, 0 for both positions, and where those 0s are
 * in each (UTF-16 offsets; queuePendingSql): encoded here, once, for the sealer.
 */
function appendTemplates(streamId: string, events: NewEvent[], recordedAt: string): [string, number[], number[]] {
  const contents: string[] = [];
  const globalAt: number[] = [];
  const streamAt: number[] = [];
  for (const e of events) {
    const t = eventContentTemplate({ eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata, streamId, recordedAt });
    contents.push(`${t.head}0${t.middle}0${t.tail}`);
    globalAt.push(t.head.length);
    streamAt.push(t.head.length + 1 + t.middle.length);
  }
  return [`[${contents.join(',')}]`, globalAt, streamAt];
}

/**
 * The statement that calls the one-round-trip function (append-pending-function.ts) for `events`
 * after stream version `expected` ('any': whatever it is). Exported for tests that hold such an
 * append's transaction open.
 */
export function appendPendingCall(streamId: string, events: NewEvent[], expected: number | 'any', recordedAt: string): { text: string; values: unknown[] } {
  return {
    text: `SELECT ${APPEND_PENDING_FUNCTION}($1, $2, $3, $4::uuid[], $5::text, $6::integer[], $7::integer[], $8::timestamptz) AS next`,
    values: [streamId, expected === 'any' ? 0 : expected, expected === 'any', events.map((e) => e.eventId), ...appendTemplates(streamId, events, recordedAt), recordedAt],
  };
}

/**
 * The plain append (an exact version, no-stream or any; no id claimed before) as one call of the
 * server-side function; undefined when it is not plain or the function is not installed, and the
 * exact path below then answers — a refusal, a replay or a clash — as it always has.
 */
async function appendInOneRoundTrip(sql: SqlClient, streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<PendingAppendResult | undefined> {
  if (expected === 'stream-exists' || sql.dialect !== 'postgres') return undefined;
  const recordedAt = new Date().toISOString();
  try {
    const call = appendPendingCall(streamId, events, expected === 'any' ? 'any' : expected === 'no-stream' ? -1 : expected, recordedAt);
    const { rows } = await sql.query<{ next: number | null }>(call.text, call.values);
    const next = rows[0]?.next;
    if (next === null || next === undefined) return undefined;
    return { nextExpectedVersion: next, streamPositions: events.map((_, i) => next - events.length + 1 + i), idempotentReplay: false, recordedAt };
  } catch (error) {
    // Stored before (sealed: the function's check; queued: the index), or no function.
    if (String((error as Error).message).includes(APPEND_PENDING_CLAIMED) || queuedAlready(error) || (error as { code?: string }).code === '42883') return undefined;
    throw error;
  }
}

/**
 * The stream's version, with its head row locked for this transaction. A stream without a head
 * row yet (new, or written before this path existed) gets one from its sealed history; two
 * first appends racing meet on the primary key and the loser reads the winner's row.
 */
async function lockStreamHead(tx: SqlExecutor, streamId: string): Promise<number> {
  // First in the transaction, before it has an id: see STREAM_LOCK_CLASS.
  await tx.query(`SELECT pg_advisory_xact_lock(${STREAM_LOCK_CLASS}, hashtext($1))`, [streamId]);
  const locked = await tx.query<{ version: number }>(`SELECT version FROM cluebus_stream_heads WHERE stream_id = $1 FOR UPDATE`, [streamId]);
  if (locked.rows.length > 0) return Number(locked.rows[0].version);
  await tx.query(
    `INSERT INTO cluebus_stream_heads (stream_id, version)
     SELECT $1, coalesce((SELECT max(stream_position) FROM cluebus_events WHERE stream_id = $1), -1)
     ON CONFLICT (stream_id) DO NOTHING`,
    [streamId],
  );
  const again = await tx.query<{ version: number }>(`SELECT version FROM cluebus_stream_heads WHERE stream_id = $1 FOR UPDATE`, [streamId]);
  return Number(again.rows[0].version);
}

/** KurrentDB semantics: the same ids in the same stream at consecutive places is a replay, anything else a clash. */
async function replay(sql: SqlClient, streamId: string, ids: string[]): Promise<PendingAppendResult> {
  const rows = await storedWhere(sql, ids);
  const byId = new Map(rows.map((r) => [r.event_id, r]));
  const found = ids.map((id) => byId.get(id));
  const same =
    found.every((r) => r !== undefined && r.stream_id === streamId) &&
    found.every((r, i) => i === 0 || r!.stream_position === found[i - 1]!.stream_position + 1);
  if (!same) {
    const clash = found.find((r) => r && r.stream_id !== streamId) ?? found.find((r) => r) ?? { event_id: ids[0], stream_id: streamId, stream_position: -1 };
    throw new EventIdConflictError(clash.event_id, `already stored in ${clash.stream_id} at ${clash.stream_position}, not as this append`);
  }
  const positions = found.map((r) => Number(r!.stream_position));
  return { nextExpectedVersion: positions[positions.length - 1], streamPositions: positions, idempotentReplay: true };
}

function expectedVersionError(streamId: string, expected: ExpectedVersion, current: number): Error | undefined {
  const ok =
    expected === 'any' ||
    (expected === 'no-stream' && current === -1) ||
    (expected === 'stream-exists' && current >= 0) ||
    expected === current;
  return ok ? undefined : new WrongExpectedVersionError(streamId, expected, current);
}
