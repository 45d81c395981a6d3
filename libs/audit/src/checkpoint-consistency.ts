import type { RecordedEvent } from '@cluebus/contracts';
import { Checkpoint, verifyCheckpointSignature } from './checkpoint';
import { consistencyProof, eventLeafHash, rootOf } from './merkle';
import { verifyConsistency } from './proof-verifier';
import { PublicKeyInput } from './signing-key';

/**
 * Append-only between two checkpoints: someone who kept an older checkpoint can check that a
 * newer one extends the same log (RFC 6962 consistency proof), without the events.
 */

export interface CheckpointConsistencyVerdict {
  ok: boolean;
  reason?: string;
}

/** Consistency proof (hex) from `older` to `newer`, built from the log in global order. */
export function buildCheckpointConsistencyProof(
  events: readonly RecordedEvent[],
  older: Checkpoint,
  newer: Checkpoint,
): string[] {
  if (older.algorithm !== newer.algorithm) throw new Error('checkpoints use different hash algorithms');
  if (older.treeSize < 1 || older.treeSize > newer.treeSize) {
    throw new RangeError(`no consistency proof from size ${older.treeSize} to size ${newer.treeSize}`);
  }
  if (events.length < newer.treeSize) {
    throw new RangeError(`checkpoint covers ${newer.treeSize} events, only ${events.length} given`);
  }
  const leaves = events.slice(0, newer.treeSize).map((e, i) => {
    if (e.globalPosition !== i + 1) throw new RangeError(`event at index ${i} has global position ${e.globalPosition}`);
    return eventLeafHash(e, newer.algorithm);
  });
  if (rootOf(leaves, newer.algorithm).toString('hex') !== newer.rootHash) {
    throw new Error('the events do not match the newer checkpoint');
  }
  if (rootOf(leaves.slice(0, older.treeSize), older.algorithm).toString('hex') !== older.rootHash) {
    throw new Error('the events do not match the older checkpoint');
  }
  return consistencyProof(older.treeSize, leaves, newer.algorithm).map((h) => h.toString('hex'));
}

/** Both signatures, then the consistency proof between the two signed roots. */
export function verifyCheckpointConsistency(
  older: Checkpoint,
  newer: Checkpoint,
  proof: readonly string[],
  publicKey: PublicKeyInput,
): CheckpointConsistencyVerdict {
  if (!verifyCheckpointSignature(older, publicKey)) return { ok: false, reason: 'older checkpoint signature is not valid' };
  if (!verifyCheckpointSignature(newer, publicKey)) return { ok: false, reason: 'newer checkpoint signature is not valid' };
  if (older.algorithm !== newer.algorithm) return { ok: false, reason: 'checkpoints use different hash algorithms' };
  if (!Array.isArray(proof) || !proof.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) {
    return { ok: false, reason: 'proof is malformed' };
  }
  const consistent = verifyConsistency(
    older.treeSize,
    newer.treeSize,
    proof.map((h) => Buffer.from(h, 'hex')),
    Buffer.from(older.rootHash, 'hex'),
    Buffer.from(newer.rootHash, 'hex'),
    newer.algorithm,
  );
  return consistent ? { ok: true } : { ok: false, reason: 'the newer checkpoint does not extend the older one' };
}
