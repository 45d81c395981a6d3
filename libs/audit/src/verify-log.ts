import type { RecordedEvent } from '@cluebus/contracts';
import { Checkpoint, verifyCheckpointSignature } from './checkpoint';
import { checkEventContent, type ContentCheck } from './event-content-check';
import { GENESIS_HASH, HashAlgorithm } from './event-hash';
import { MerkleFrontier, MerkleFrontierState } from './merkle-frontier';
import { PublicKeyInput } from './signing-key';

export interface VerifyLogOptions {
  /** Hash algorithm of the chain and of the checkpoints; 'sha256' by default. */
  algorithm?: HashAlgorithm;
  /** The checkpoint signer's public key, or public keys by keyId (key rotation). */
  publicKey: PublicKeyInput | ReadonlyMap<string, PublicKeyInput>;
}

export interface VerifyLogResult {
  ok: boolean;
  /** Events examined (over all resumed runs), including the one at which a failure was found. */
  checked: number;
  /**
   * First global position found bad: the event whose hash, link or position is wrong; for a
   * missing row, the missing position. When only a checkpoint root caught the change (the chain
   * was recomputed after it), the first position the checkpoint does not vouch for, that is
   * one past the last matching checkpoint; suspectRange then bounds where the change lies.
   * Absent when a checkpoint itself is bad (signature, algorithm, unknown key): see badCheckpoint.
   */
  firstBadPosition?: number;
  /**
   * When a checkpoint itself is bad (its signature does not hold over its fields — root, size,
   * time, key id — or it names another algorithm or an unknown key): its tree size as stored.
   */
  badCheckpoint?: number;
  reason?: string;
  /** Positions 1..provenThrough match a signed checkpoint root. */
  provenThrough: number;
  /** Checkpoints whose signature and root were both confirmed. */
  checkpointsVerified: number;
  suspectRange?: { from: number; to: number };
}

/** Where a LogVerifier stands, as plain JSON, so a later run can continue from here. */
export interface LogVerifierState {
  algorithm: HashAlgorithm;
  /** Positions 1..verifiedThrough passed every check. */
  verifiedThrough: number;
  /** Hash of the event at verifiedThrough (GENESIS_HASH when 0). */
  lastHash: string;
  frontier: MerkleFrontierState;
  provenThrough: number;
  checkpointsVerified: number;
}

interface Failure {
  firstBadPosition?: number;
  badCheckpoint?: number;
  reason: string;
  suspectRange?: { from: number; to: number };
}

/**
 * Streams the global log through every check, in constant memory: push events in global order,
 * then finish(). Per event it serialises once and hashes twice (chain hash and Merkle leaf), and
 * keeps only the previous hash and the Merkle frontier. Checks, per event at position p:
 *  - its globalPosition is p (positions 1..n, no gap, no duplicate, no reordering);
 *  - its prevHash is the hash of event p−1 (GENESIS_HASH for p = 1);
 *  - its hash is chainHash(prevHash, its content);
 * and at every checkpoint size, that the Merkle root over events 1..treeSize is the signed one.
 * Checkpoint signatures are checked first. Stops at the first failure.
 *
 * A verifier can resume from a saved state() (e.g. the CLI verifying only what was appended since
 * its last run); checkpoints smaller than the saved size are then not checked again (their events
 * are not pushed again), all later ones are.
 */
export class LogVerifier {
  readonly algorithm: HashAlgorithm;
  private readonly pending: Checkpoint[];
  private readonly frontier: MerkleFrontier;
  private nextPosition = 1;
  private lastHash = GENESIS_HASH;
  private provenThrough = 0;
  private checkpointsVerified = 0;
  private examined = 0;
  private failure?: Failure;

  constructor(checkpoints: readonly Checkpoint[], options: VerifyLogOptions, resumeFrom?: LogVerifierState) {
    this.algorithm = options.algorithm ?? 'sha256';
    const sorted = [...checkpoints].sort((a, b) => a.treeSize - b.treeSize);
    for (const cp of sorted) {
      const problem = this.checkpointProblem(cp, options.publicKey);
      if (problem) {
        this.failure = { reason: problem, ...(Number.isSafeInteger(cp?.treeSize) ? { badCheckpoint: cp.treeSize } : {}) };
        break;
      }
    }
    if (resumeFrom) {
      if (resumeFrom.algorithm !== this.algorithm) throw new Error('LogVerifier: saved state uses another hash algorithm');
      this.nextPosition = resumeFrom.verifiedThrough + 1;
      this.lastHash = resumeFrom.lastHash;
      this.examined = resumeFrom.verifiedThrough;
      this.provenThrough = resumeFrom.provenThrough;
      this.checkpointsVerified = resumeFrom.checkpointsVerified;
      this.frontier = new MerkleFrontier(this.algorithm, resumeFrom.frontier);
      if (this.frontier.size !== resumeFrom.verifiedThrough) throw new Error('LogVerifier: saved state is inconsistent');
    } else {
      this.frontier = new MerkleFrontier(this.algorithm);
    }
    // From scratch every checkpoint is pending. On resume, those below the saved size cannot be
    // checked any more (their events are not pushed again); one of exactly that size still can,
    // unless the saved run already confirmed it.
    const done = this.nextPosition - 1;
    this.pending = resumeFrom
      ? sorted.filter((cp) => cp.treeSize > done || (cp.treeSize === done && done > this.provenThrough))
      : sorted;
    if (!this.failure) this.checkCheckpointsAt(done);
  }

  /** Checks the next event of the log. False once the log has failed (later events are ignored). */
  push(event: RecordedEvent): boolean {
    if (this.failure) return false;
    if (event === null || typeof event !== 'object') {
      this.examined += 1;
      return this.fail(this.nextPosition, `position ${this.nextPosition}: not an event`);
    }
    return this.pushChecked(event, checkEventContent(event, this.algorithm));
  }

  /**
   * push, for an event whose content was already checked (checkEventContent, with this
   * verifier's algorithm) — e.g. on a worker thread. Everything that depends on the order of
   * the log is checked here, in this order: position, link to the previous hash, then the
   * content's verdict; its leaf then extends the Merkle tree and checkpoints at p are compared.
   */
  pushChecked(event: Pick<RecordedEvent, 'globalPosition' | 'prevHash' | 'hash'>, content: ContentCheck): boolean {
    if (this.failure) return false;
    const p = this.nextPosition;
    this.examined += 1;
    const pos = event.globalPosition;
    if (pos !== p) {
      return Number.isSafeInteger(pos) && pos > p
        ? this.fail(p, `global position ${p} is missing: the next event read has position ${pos}`)
        : this.fail(p, `global position ${String(pos)} read where ${p} was expected (duplicate or out of order)`);
    }
    if (event.prevHash !== this.lastHash) {
      const link = p === 1 ? 'the genesis hash' : `the hash of position ${p - 1}`;
      return this.fail(p, p === 1 ? `the first event does not link to ${link}` : `prevHash does not link to ${link}`);
    }
    if (!content.ok) {
      return content.failure === 'encoding'
        ? this.fail(p, `position ${p} cannot be canonically encoded: ${content.message}`)
        : this.fail(p, `hash of position ${p} does not match its content (content or hash altered)`);
    }
    this.lastHash = event.hash;
    this.nextPosition = p + 1;
    this.frontier.push(content.leaf);
    this.checkCheckpointsAt(p);
    return this.failure === undefined;
  }

  /** The verdict. Checkpoints beyond the last event pushed mean rows are missing at the end. */
  finish(): VerifyLogResult {
    if (!this.failure && this.pending.length > 0) {
      const n = this.nextPosition - 1;
      const cp = this.pending[0];
      this.failure = {
        firstBadPosition: n + 1,
        reason:
          `the log ends at position ${n} but a checkpoint signed ${cp.treeSize} events: ` +
          `positions ${n + 1}..${cp.treeSize} are missing`,
        suspectRange: { from: n + 1, to: cp.treeSize },
      };
    }
    const base = { checked: this.examined, provenThrough: this.provenThrough, checkpointsVerified: this.checkpointsVerified };
    return this.failure ? { ok: false, ...base, ...this.failure } : { ok: true, ...base };
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Where verification stands, to resume later (e.g. the CLI verifying only what is new). */
  state(): LogVerifierState {
    if (this.failure) throw new Error('LogVerifier: a failed verification cannot be resumed');
    return {
      algorithm: this.algorithm,
      verifiedThrough: this.nextPosition - 1,
      lastHash: this.lastHash,
      frontier: this.frontier.state(),
      provenThrough: this.provenThrough,
      checkpointsVerified: this.checkpointsVerified,
    };
  }

  private checkpointProblem(cp: Checkpoint, keys: VerifyLogOptions['publicKey']): string | undefined {
    const label = `checkpoint of size ${String(cp?.treeSize)}`;
    if (cp?.algorithm !== this.algorithm) return `${label} uses ${String(cp?.algorithm)}, the log ${this.algorithm}`;
    const key = keys instanceof Map ? keys.get(cp.keyId) : (keys as PublicKeyInput);
    if (key === undefined) return `${label}: no public key for key id ${cp.keyId}`;
    if (!verifyCheckpointSignature(cp, key)) return `${label}: signature is not valid`;
    return undefined;
  }

  /** Compares the root over positions 1..size with every pending checkpoint of that size. */
  private checkCheckpointsAt(size: number): void {
    while (this.pending.length > 0 && this.pending[0].treeSize === size) {
      const cp = this.pending.shift()!;
      if (this.frontier.root().toString('hex') !== cp.rootHash) {
        const from = this.provenThrough + 1;
        this.failure = {
          firstBadPosition: from,
          reason:
            `checkpoint of size ${size} (issued ${cp.issuedAt}) does not match the events: ` +
            `positions ${from}..${size} differ from what was signed`,
          suspectRange: { from, to: size },
        };
        return;
      }
      this.provenThrough = size;
      this.checkpointsVerified += 1;
    }
  }

  private fail(position: number, reason: string): false {
    this.failure = { firstBadPosition: position, reason };
    return false;
  }
}

/** Verifies a whole log (in global order, as read from the store) against signed checkpoints. */
export function verifyLog(
  events: Iterable<RecordedEvent>,
  checkpoints: readonly Checkpoint[],
  options: VerifyLogOptions,
): VerifyLogResult {
  const verifier = new LogVerifier(checkpoints, options);
  for (const event of events) if (!verifier.push(event)) break;
  return verifier.finish();
}

/** verifyLog for a stream, e.g. a paged read from the store; stops reading at the first failure. */
export async function verifyLogStream(
  events: AsyncIterable<RecordedEvent>,
  checkpoints: readonly Checkpoint[],
  options: VerifyLogOptions,
): Promise<VerifyLogResult> {
  const verifier = new LogVerifier(checkpoints, options);
  for await (const event of events) if (!verifier.push(event)) break;
  return verifier.finish();
}
