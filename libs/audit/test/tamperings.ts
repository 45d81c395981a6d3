import type { RecordedEvent } from '@cluebus/contracts';
import { chainHash, chainHashFromBytes, eventContentBytes, GENESIS_HASH, HashAlgorithm } from '../src/event-hash';
import { SeededRandom } from './seeded-random';

/**
 * What an attacker with write access to the events table can do to the global log, each applied
 * to a fresh copy (a new array; only the events it changes are new objects, the rest are the
 * original, frozen objects). Each says which position a verifier must name as the first bad one.
 */

export const TAMPER_KINDS = [
  'payload-char', //       one character of a data string changed
  'delete-row', //         one row deleted
  'swap-contents', //      two rows exchange everything but the globalPosition column
  'swap-rows', //          two whole rows exchange places in the read order (positions included)
  'timestamp', //          recordedAt or metadata.occurredAt moved
  'random-hash', //        the hash column overwritten with random hex
  'rewrite-and-rechain', // a payload edit, then every hash from there on recomputed
  'column-edit', //        one other column changed: stream id or position, event id, type, schema version, metadata, or the row moved to a free global position
  'insert-row', //         a forged event, correctly chained to the one before it, inserted; every later row renumbered
  'delete-renumber', //    one row deleted and every later row renumbered, so the positions have no gap
] as const;
export type TamperKind = (typeof TAMPER_KINDS)[number];

export interface Tampering {
  kind: TamperKind;
  description: string;
  log: RecordedEvent[];
  /** 1-based: slots before this one hold the original events, untouched. */
  firstTouched: number;
  /** The position a verifier must report as the first bad one. */
  expectedFirstBad: number;
  /** Where the change really is (for rewrite-and-rechain, inside the suspect range). */
  changedPosition: number;
}

export interface TamperContext {
  log: readonly RecordedEvent[];
  /** eventContentBytes of each original event, to recompute a chain fast. */
  contentBytes: readonly Buffer[];
  /** Tree sizes of the signed checkpoints. */
  checkpointSizes: readonly number[];
  algorithm: HashAlgorithm;
}

const clone = <T>(x: T): T => structuredClone(x);

/** Paths to every string inside `value`. */
function stringPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

const REPLACEMENTS = 'abcdefXYZ0123456789款某线索回扣'.split('');

/** A copy of `event` with one character of one data string replaced by another character. */
export function withEditedPayload(event: RecordedEvent, rnd: SeededRandom): { event: RecordedEvent; what: string } {
  const copy = clone(event);
  const candidates = stringPaths(copy.data).filter((p) => p.length > 0);
  const path = rnd.pick(candidates);
  let holder = copy.data as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const original = holder[last] as string;
  const chars = Array.from(original);
  if (chars.length === 0) {
    holder[last] = rnd.pick(REPLACEMENTS);
  } else {
    const at = rnd.int(0, chars.length - 1);
    const choices = REPLACEMENTS.filter((c) => c !== chars[at]);
    chars[at] = rnd.pick(choices);
    holder[last] = chars.join('');
  }
  return { event: copy, what: `data.${path.join('.')}` };
}

function shiftIso(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/** The columns column-edit picks from (data and recordedAt have kinds of their own). */
export const EDITED_COLUMNS = ['streamId', 'streamPosition', 'eventId', 'type', 'schemaVersion', 'metadata', 'globalPosition'] as const;

/** A copy of `event` with `column` changed to another value (globalPosition: see tamper). */
export function withEditedColumn(event: RecordedEvent, column: (typeof EDITED_COLUMNS)[number], rnd: SeededRandom): RecordedEvent {
  const copy = clone(event);
  switch (column) {
    case 'streamId':
      copy.streamId = `${event.streamId.slice(0, -1)}${event.streamId.endsWith('0') ? '1' : '0'}`;
      break;
    case 'streamPosition':
      copy.streamPosition = event.streamPosition + rnd.int(1, 5);
      break;
    case 'eventId':
      copy.eventId = `${event.eventId.slice(0, -12)}${rnd.hex(12)}`;
      if (copy.eventId === event.eventId) copy.eventId = `${event.eventId.slice(0, -1)}${event.eventId.endsWith('0') ? '1' : '0'}`;
      break;
    case 'type':
      copy.type = event.type === 'ClueClosed' ? 'ClueReopened' : 'ClueClosed';
      break;
    case 'schemaVersion':
      copy.schemaVersion = event.schemaVersion + 1;
      break;
    case 'metadata':
      copy.metadata = { ...copy.metadata, actor: `${event.metadata.actor}-x` };
      break;
    case 'globalPosition':
      throw new RangeError('withEditedColumn: a moved row changes the read order; tamper handles it');
  }
  return copy;
}

export function tamper(kind: TamperKind, ctx: TamperContext, rnd: SeededRandom): Tampering {
  const { log } = ctx;
  const n = log.length;
  const copy = log.slice();
  switch (kind) {
    case 'payload-char': {
      const k = rnd.int(1, n);
      const { event, what } = withEditedPayload(log[k - 1], rnd);
      copy[k - 1] = event;
      return { kind, description: `${what} of position ${k} edited`, log: copy, firstTouched: k, expectedFirstBad: k, changedPosition: k };
    }
    case 'delete-row': {
      const k = rnd.int(1, n);
      copy.splice(k - 1, 1);
      return { kind, description: `row ${k} deleted`, log: copy, firstTouched: k, expectedFirstBad: k, changedPosition: k };
    }
    case 'swap-contents':
    case 'swap-rows': {
      const i = rnd.int(1, n - 1);
      const j = rnd.chance(0.5) ? i + 1 : rnd.int(i + 1, n);
      if (kind === 'swap-rows') {
        [copy[i - 1], copy[j - 1]] = [log[j - 1], log[i - 1]];
      } else {
        copy[i - 1] = { ...clone(log[j - 1]), globalPosition: i };
        copy[j - 1] = { ...clone(log[i - 1]), globalPosition: j };
      }
      return { kind, description: `rows ${i} and ${j} swapped`, log: copy, firstTouched: i, expectedFirstBad: i, changedPosition: i };
    }
    case 'timestamp': {
      const k = rnd.int(1, n);
      const ms = rnd.pick([-1, 1]) * rnd.int(1, 86_400_000);
      const event = clone(log[k - 1]);
      let what: string;
      if (rnd.chance(0.5)) {
        event.recordedAt = shiftIso(event.recordedAt, ms);
        what = 'recordedAt';
      } else {
        event.metadata.occurredAt = shiftIso(event.metadata.occurredAt, ms);
        what = 'metadata.occurredAt';
      }
      copy[k - 1] = event;
      return { kind, description: `${what} of position ${k} moved by ${ms} ms`, log: copy, firstTouched: k, expectedFirstBad: k, changedPosition: k };
    }
    case 'random-hash': {
      const k = rnd.int(1, n);
      let hash = rnd.hex(64);
      while (hash === log[k - 1].hash) hash = rnd.hex(64);
      copy[k - 1] = { ...clone(log[k - 1]), hash };
      return { kind, description: `hash of position ${k} overwritten`, log: copy, firstTouched: k, expectedFirstBad: k, changedPosition: k };
    }
    case 'rewrite-and-rechain': {
      const k = rnd.int(1, n);
      const { event, what } = withEditedPayload(log[k - 1], rnd);
      let prevHash = event.prevHash;
      for (let p = k; p <= n; p++) {
        const original = p === k ? event : log[p - 1];
        const bytes = p === k ? eventContentBytes(event) : ctx.contentBytes[p - 1];
        const hash = chainHashFromBytes(prevHash, bytes, ctx.algorithm);
        copy[p - 1] = { ...original, prevHash, hash };
        prevHash = hash;
      }
      // Only a checkpoint can catch this: the first position it cannot vouch for is one past the
      // last checkpoint below k.
      const expectedFirstBad = Math.max(0, ...ctx.checkpointSizes.filter((size) => size < k)) + 1;
      return {
        kind,
        description: `${what} of position ${k} edited and the chain recomputed from there`,
        log: copy,
        firstTouched: k,
        expectedFirstBad,
        changedPosition: k,
      };
    }
    case 'column-edit': {
      const k = rnd.int(1, n);
      const column = rnd.pick(EDITED_COLUMNS);
      if (column === 'globalPosition') {
        // Moved to a free position past the end: it is read last, and k is missing.
        const moved = { ...clone(log[k - 1]), globalPosition: n + rnd.int(1, 1000) };
        copy.splice(k - 1, 1);
        copy.push(moved);
        return { kind, description: `global position of row ${k} moved to ${moved.globalPosition}`, log: copy, firstTouched: k, expectedFirstBad: k, changedPosition: k };
      }
      copy[k - 1] = withEditedColumn(log[k - 1], column, rnd);
      return { kind, description: `${column} of position ${k} edited`, log: copy, firstTouched: k, expectedFirstBad: k, changedPosition: k };
    }
    case 'insert-row': {
      const k = rnd.int(1, n);
      const forged = forgedEvent(log, k, rnd, ctx.algorithm);
      copy.splice(k - 1, n - k + 1, forged, ...log.slice(k - 1).map((e) => ({ ...e, globalPosition: e.globalPosition + 1 })));
      return {
        kind,
        description: `a forged event inserted at position ${k}, rows ${k}..${n} renumbered`,
        log: copy,
        firstTouched: k,
        expectedFirstBad: insertedRowFirstBad(k, ctx.checkpointSizes),
        changedPosition: k,
      };
    }
    case 'delete-renumber': {
      const k = rnd.int(1, n - 1);
      copy.splice(k - 1, n - k + 1, ...log.slice(k).map((e) => ({ ...e, globalPosition: e.globalPosition - 1 })));
      return { kind, description: `row ${k} deleted, rows ${k + 1}..${n} renumbered`, log: copy, firstTouched: k, expectedFirstBad: k, changedPosition: k };
    }
  }
}

/**
 * A forged event for position k, chained onto position k−1 as the store would have: it holds
 * the chain, so the first bad position is k+1 (whose prevHash no longer links) — unless k is a
 * checkpoint size, whose root then fails first and names one past the checkpoint before.
 */
export function forgedEvent(log: readonly RecordedEvent[], k: number, rnd: SeededRandom, algorithm: HashAlgorithm): RecordedEvent {
  const before = log[k - 2];
  const model = log[k - 1];
  const unsealed = {
    streamId: `clue-forged-${rnd.hex(8)}`,
    streamPosition: 0,
    globalPosition: k,
    eventId: `${model.eventId.slice(0, -12)}${rnd.hex(12)}`,
    type: 'ClueRegistered',
    schemaVersion: 1,
    data: { ...clone(model.data), forged: true },
    metadata: clone(model.metadata),
    recordedAt: before?.recordedAt ?? model.recordedAt,
  };
  const prevHash = before?.hash ?? GENESIS_HASH;
  return { ...unsealed, prevHash, hash: chainHash(prevHash, unsealed, algorithm) };
}

/** Where a verifier must stop on a forged, chained row inserted at k (see forgedEvent). */
export function insertedRowFirstBad(k: number, checkpointSizes: readonly number[]): number {
  return checkpointSizes.includes(k) ? Math.max(0, ...checkpointSizes.filter((size) => size < k)) + 1 : k + 1;
}
