import type { RecordedEvent } from '@cluebus/contracts';
import {
  GENESIS_HASH,
  LogVerifier,
  type Checkpoint,
  type HashAlgorithm,
  type LogVerifierState,
  type VerifyLogOptions,
  type VerifyLogResult,
} from '@cluebus/audit';
import { availableParallelism } from 'node:os';
import type { SqlExecutor } from '../sql/sql-client';
import { checkpointLog } from './checkpoint-log';
import { DigestedPages } from './digested-pages';
import { contentCheckAt, hashAt, prevHashAt, type PageDigest } from './page-digest';
import { PageDigestPool } from './page-digest-pool';
import { readLogHead, type LogHead, type RawLogReader } from './raw-log-reader';
import { ReadAhead } from './read-ahead';

export interface VerifyStoreOptions {
  /** The store's chain algorithm (the checkpoints must use the same); sha256 by default. */
  algorithm?: HashAlgorithm;
  /** Trusted checkpoint keys: one key, or keys by key id (rotation). */
  publicKeys: VerifyLogOptions['publicKey'];
  /** Events per read. Default 2000. */
  pageSize?: number;
  /**
   * Fetch the next page while this one is checked (default true): the database and the hashing
   * overlap. Turn it off when a failure is expected within the first pages (a page read past it
   * is wasted) or when the reader is a connection other work is queued behind.
   */
  readAhead?: boolean;
  /**
   * Incremental verification: continue from a state saved by an earlier run that is trusted
   * (e.g. kept by the verifier outside the store, as onCheckpointVerified hands it out). Only
   * the events after it are read; checkpoints it already confirmed are not checked again.
   */
  resumeFrom?: LogVerifierState;
  /**
   * The store's head record, read AFTER the checkpoints (readVerificationInputs does both in
   * that order). Verification then covers exactly positions 1..head (later appends are left to
   * the next run) and also fails when the log does not end there with the head's hash: rows
   * removed after the last checkpoint, or a chain rewritten after it, show up here.
   */
  head?: LogHead;
  /**
   * Worker threads that parse and hash pages read as text (RawLogReader.readPage); 0 does it on
   * this thread. Default: 2 on a machine of 2 cores or more, else 1. Logs of fewer than 10,000
   * events to read are always digested here.
   */
  workers?: number;
  /** Called with the verifier's state each time the events reach a checkpoint that held. */
  onCheckpointVerified?: (state: LogVerifierState) => void;
}

export interface VerifyStoreResult extends VerifyLogResult {
  /** First position this run read (1, or one past the resumed state). */
  from: number;
  /** Last position read and checked (from − 1 when nothing was read). */
  through: number;
  headPosition?: number;
  elapsedMs: number;
}

/** Below this many events to read, pages are digested on the reading thread (workers cost more to start). */
const MIN_EVENTS_FOR_WORKERS = 10_000;

/** Verify workers by default: two where there are two cores or more (more did not pay: the database and this thread need the cores too). */
export function defaultVerifyWorkers(): number {
  return availableParallelism() >= 2 ? 2 : 1;
}

/**
 * verify: recomputes the hash chain and every checkpoint root over the log as stored, streaming
 * in constant memory (LogVerifier), and names the first bad position. Pure reading: any
 * RawLogReader (the store, or sqlLogReader inside a transaction).
 *
 * A reader that reads pages as text (sqlLogReader) has each page parsed and hashed on worker
 * threads (page-digest-pool.ts) while this thread reads the next pages and keeps every check
 * that depends on the order of the log — positions, links, the Merkle frontier, checkpoints,
 * the head — in the one LogVerifier; for small logs, or workers: 0, the same digest runs here.
 */
export async function verifyStore(
  source: RawLogReader,
  checkpoints: readonly Checkpoint[],
  options: VerifyStoreOptions,
): Promise<VerifyStoreResult> {
  const started = performance.now();
  const pageSize = options.pageSize ?? 2000;
  const readAhead = options.readAhead ?? true;
  const algorithm = options.algorithm ?? 'sha256';
  const verifier = new LogVerifier(checkpoints, { algorithm, publicKey: options.publicKeys }, options.resumeFrom);
  const checkpointSizes = new Set(checkpoints.map((cp) => cp.treeSize));
  const from = (options.resumeFrom?.verifiedThrough ?? 0) + 1;
  const limit = options.head?.globalPosition ?? Number.POSITIVE_INFINITY;

  let through = from - 1;
  let lastHash = options.resumeFrom?.lastHash ?? GENESIS_HASH;
  /** After each event that held: where the log stands. */
  const held = (position: number, hash: string) => {
    through = position;
    lastHash = hash;
    if (options.onCheckpointVerified && checkpointSizes.has(position)) options.onCheckpointVerified(verifier.state());
  };
  /** The next page to request after `after`, or 0 past what the head covers. */
  const sizeAfter = (after: number) => (after >= limit ? 0 : Math.min(pageSize, limit - after));

  if (!verifier.failed) {
    const readPage = source.readPage?.bind(source);
    if (readPage) {
      const requestedEvents = limit - from + 1;
      const workers = options.workers ?? defaultVerifyWorkers();
      const pool = workers > 0 && requestedEvents >= MIN_EVENTS_FOR_WORKERS ? PageDigestPool.shared(workers) : undefined;
      const pages = new DigestedPages(
        (after, maxCount) => readPage({ after, maxCount }),
        sizeAfter,
        from,
        algorithm,
        pool,
        readAhead ? (pool ? 2 * pool.size + 1 : 1) : 0,
      );
      try {
        for (let digest = await pages.next(); digest; digest = await pages.next()) {
          if (!pushDigest(verifier, digest, held)) break;
        }
      } finally {
        pages.close();
      }
    } else {
      type Read = { events: RecordedEvent[]; requested: number };
      const pages = new ReadAhead<Read>(async (previous) => {
        if (previous && previous.events.length < previous.requested) return undefined;
        const after = previous ? previous.events[previous.events.length - 1].globalPosition : from - 1;
        const requested = sizeAfter(after);
        if (requested === 0) return undefined;
        const events = await source.readAll({ after, maxCount: requested, raw: true });
        return events.length === 0 ? undefined : { events, requested };
      }, readAhead ? 1 : 0);
      try {
        outer: for (let read = await pages.take(); read; read = await pages.take()) {
          for (const event of read.events) {
            if (!verifier.push(event)) break outer;
            held(event.globalPosition, event.hash);
          }
        }
      } finally {
        pages.close();
      }
    }
  }

  const result = verifier.finish();
  const out: VerifyStoreResult = { ...result, from, through, elapsedMs: Math.round(performance.now() - started) };
  if (options.head) out.headPosition = options.head.globalPosition;
  if (out.ok && options.head) Object.assign(out, headMismatch(options.head, through, lastHash, result.provenThrough));
  return out;
}

/** A page's digest through the verifier's order checks; false at the first failure. */
function pushDigest(verifier: LogVerifier, digest: PageDigest, held: (position: number, hash: string) => void): boolean {
  for (let i = 0; i < digest.count; i++) {
    const event = { globalPosition: digest.positions[i], prevHash: prevHashAt(digest, i), hash: hashAt(digest, i) };
    if (!verifier.pushChecked(event, contentCheckAt(digest, i))) return false;
    held(event.globalPosition, event.hash);
  }
  return true;
}

/** The log read ends where the store's head says, with the head's hash — or where the change is. */
function headMismatch(head: LogHead, through: number, lastHash: string, provenThrough: number): Partial<VerifyStoreResult> {
  if (through < head.globalPosition) {
    return {
      ok: false,
      firstBadPosition: through + 1,
      reason: `the store's head records ${head.globalPosition} events but the log ends at position ${through}: positions ${through + 1}..${head.globalPosition} are missing`,
      suspectRange: { from: through + 1, to: head.globalPosition },
    };
  }
  if (lastHash !== head.hash) {
    // Every link held, so the chain was recomputed after a change somewhere past the last
    // checkpoint that held; only the head (written with each append) disagrees.
    const fromPosition = provenThrough + 1;
    return {
      ok: false,
      firstBadPosition: fromPosition,
      reason:
        `the hash of position ${head.globalPosition} is not the one the store's head recorded: ` +
        `positions ${fromPosition}..${head.globalPosition} were rewritten with a recomputed chain`,
      suspectRange: { from: fromPosition, to: head.globalPosition },
    };
  }
  return {};
}

/**
 * The signed checkpoints, then the head — in that order, so that an honest store's head always
 * covers every checkpoint read (the head only grows), and a head behind a checkpoint means rows
 * were removed.
 */
export async function readVerificationInputs(sql: SqlExecutor): Promise<{ checkpoints: Checkpoint[]; head: LogHead }> {
  const checkpoints = await checkpointLog.list(sql);
  const head = await readLogHead(sql);
  return { checkpoints, head };
}
