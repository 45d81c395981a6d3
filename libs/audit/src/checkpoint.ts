import { sign, verify } from 'node:crypto';
import type { RecordedEvent } from '@cluebus/contracts';
import { canonicalBytes } from './canonical-json';
import { HashAlgorithm } from './event-hash';
import { eventLeafHash, rootOf } from './merkle';
import { PrivateKeyInput, PublicKeyInput, toPrivateKey, toPublicKey } from './signing-key';

/** The signed statement: "the first treeSize events of the global log have Merkle root rootHash". */
export interface UnsignedCheckpoint {
  /** Number of events covered: global positions 1..treeSize. */
  treeSize: number;
  /** RFC 6962 root over those events' leaves (see eventLeafHash), lowercase hex. */
  rootHash: string;
  algorithm: HashAlgorithm;
  /** ISO-8601 UTC. */
  issuedAt: string;
  keyId: string;
}

export interface Checkpoint extends UnsignedCheckpoint {
  /** Ed25519 over checkpointSigningBytes, base64. */
  signature: string;
}

export interface CreateCheckpointOptions {
  algorithm?: HashAlgorithm;
  issuedAt?: Date | string;
}

const ALGORITHMS: readonly HashAlgorithm[] = ['sha256', 'sm3'];
const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** The exact bytes that are signed: canonical JSON of the five unsigned fields, nothing else. */
export function checkpointSigningBytes(cp: UnsignedCheckpoint): Buffer {
  return canonicalBytes({
    treeSize: cp.treeSize,
    rootHash: cp.rootHash,
    algorithm: cp.algorithm,
    issuedAt: cp.issuedAt,
    keyId: cp.keyId,
  });
}

function isWellFormed(cp: UnsignedCheckpoint): boolean {
  return (
    cp !== null &&
    typeof cp === 'object' &&
    Number.isSafeInteger(cp.treeSize) &&
    cp.treeSize >= 0 &&
    typeof cp.rootHash === 'string' &&
    HEX_DIGEST.test(cp.rootHash) &&
    ALGORITHMS.includes(cp.algorithm) &&
    typeof cp.issuedAt === 'string' &&
    typeof cp.keyId === 'string'
  );
}

/** Signs an unsigned checkpoint (for callers that keep the root incrementally, e.g. the store). */
export function signCheckpoint(unsigned: UnsignedCheckpoint, privateKey: PrivateKeyInput): Checkpoint {
  if (!isWellFormed(unsigned)) throw new TypeError('signCheckpoint: malformed checkpoint');
  const fields: UnsignedCheckpoint = {
    treeSize: unsigned.treeSize,
    rootHash: unsigned.rootHash,
    algorithm: unsigned.algorithm,
    issuedAt: unsigned.issuedAt,
    keyId: unsigned.keyId,
  };
  const signature = sign(null, checkpointSigningBytes(fields), toPrivateKey(privateKey)).toString('base64');
  return { ...fields, signature };
}

function isLeafHashList(xs: readonly (Uint8Array | RecordedEvent)[]): xs is readonly Uint8Array[] {
  return xs.every((x) => x instanceof Uint8Array);
}

/**
 * A signed checkpoint over a log prefix: pass either the leaf hashes or the events themselves
 * (in global order, positions 1..n), all of which are covered.
 */
export function createCheckpoint(
  leavesOrEvents: readonly Uint8Array[] | readonly RecordedEvent[],
  privateKey: PrivateKeyInput,
  keyId: string,
  options: CreateCheckpointOptions = {},
): Checkpoint {
  const algorithm = options.algorithm ?? 'sha256';
  let leaves: readonly Uint8Array[];
  if (isLeafHashList(leavesOrEvents)) {
    leaves = leavesOrEvents;
  } else {
    const events = leavesOrEvents as readonly RecordedEvent[];
    events.forEach((e, i) => {
      if (e.globalPosition !== i + 1) {
        throw new RangeError(`createCheckpoint: event at index ${i} has global position ${e.globalPosition}, not ${i + 1}`);
      }
    });
    leaves = events.map((e) => eventLeafHash(e, algorithm));
  }
  const issuedAt = options.issuedAt ?? new Date();
  return signCheckpoint(
    {
      treeSize: leaves.length,
      rootHash: rootOf(leaves, algorithm).toString('hex'),
      algorithm,
      issuedAt: typeof issuedAt === 'string' ? issuedAt : issuedAt.toISOString(),
      keyId,
    },
    privateKey,
  );
}

/**
 * True iff the checkpoint is well formed and its signature is valid for `publicKey`.
 * Only the signature is checked here, not the root against any events (verifyLog does that).
 */
export function verifyCheckpointSignature(cp: Checkpoint, publicKey: PublicKeyInput): boolean {
  if (!isWellFormed(cp) || typeof cp.signature !== 'string') return false;
  const signature = Buffer.from(cp.signature, 'base64');
  // One encoding only: reject padding tricks and stray characters that base64 decoding ignores.
  if (signature.length !== 64 || signature.toString('base64') !== cp.signature) return false;
  return verify(null, checkpointSigningBytes(cp), toPublicKey(publicKey), signature);
}
