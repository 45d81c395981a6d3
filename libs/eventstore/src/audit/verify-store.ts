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
import type { SqlExecutor } from '../sql/sql-client';
import { checkpointLog } from './checkpoint-log';
import { readLogHead, type LogHead, type RawLogReader } from './raw-log-reader';

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

/**
 * verify: recomputes the hash chain and every checkpoint root over the log as stored, streaming
 * in constant memory (LogVerifier), and names the first bad position. Pure reading: any
 * RawLogReader (the store, or sqlLogReader inside a transaction).
 */
export async function verifyStore(
  source: RawLogReader,
  checkpoints: readonly Checkpoint[],
  options: VerifyStoreOptions,
): Promise<VerifyStoreResult> {
  const started = performance.now();
  const pageSize = options.pageSize ?? 2000;
  const readAhead = options.readAhead ?? true;
  const verifier = new LogVerifier(checkpoints, { algorithm: options.algorithm, publicKey: options.publicKeys }, options.resumeFrom);
  const checkpointSizes = new Set(checkpoints.map((cp) => cp.treeSize));
  const from = (options.resumeFrom?.verifiedThrough ?? 0) + 1;
  const limit = options.head?.globalPosition ?? Number.POSITIVE_INFINITY;

  let through = from - 1;
  let lastHash = options.resumeFrom?.lastHash ?? GENESIS_HASH;
  type Page = { events: RecordedEvent[]; requested: number };
  const none: Promise<Page> = Promise.resolve({ events: [], requested: 0 });
  const fetchAfter = (after: number): Promise<Page> => {
    if (after >= limit) return none;
    const requested = Math.min(pageSize, limit - after);
    return source.readAll({ after, maxCount: requested, raw: true }).then((events) => ({ events, requested }));
  };

  if (!verifier.failed) {
    let pending = fetchAfter(from - 1);
    for (;;) {
      const { events: page, requested } = await pending;
      if (page.length === 0) break;
      const last = page[page.length - 1].globalPosition;
      // A short page is the end of the log (or of what the head covers).
      const next = () => (page.length === requested ? fetchAfter(last) : none);
      // Read ahead: the database works on the next page while this one is hashed.
      pending = readAhead ? next() : none;
      let failed = false;
      for (const event of page) {
        if (!verifier.push(event)) {
          failed = true;
          break;
        }
        through = event.globalPosition;
        lastHash = event.hash;
        if (options.onCheckpointVerified && checkpointSizes.has(event.globalPosition)) options.onCheckpointVerified(verifier.state());
      }
      if (failed) {
        pending.catch(() => undefined); // abandoned read-ahead
        break;
      }
      if (!readAhead) pending = next();
    }
  }

  const result = verifier.finish();
  const out: VerifyStoreResult = { ...result, from, through, elapsedMs: Math.round(performance.now() - started) };
  if (options.head) out.headPosition = options.head.globalPosition;
  if (out.ok && options.head) Object.assign(out, headMismatch(options.head, through, lastHash, result.provenThrough));
  return out;
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
