import type { RecordedEvent } from '@cluebus/contracts';
import { Checkpoint, verifyCheckpointSignature } from './checkpoint';
import { HashAlgorithm } from './event-hash';
import { eventLeafHash, inclusionProof, rootOf } from './merkle';
import { verifyInclusion } from './proof-verifier';
import { PublicKeyInput } from './signing-key';

/** Proof that one event is leaf `leafIndex` of the tree a checkpoint signs. Plain JSON. */
export interface EventInclusionProof {
  /** globalPosition − 1. */
  leafIndex: number;
  /** Must equal the checkpoint's treeSize. */
  treeSize: number;
  algorithm: HashAlgorithm;
  /** RFC 6962 audit path, leaf's sibling first, lowercase hex. */
  auditPath: string[];
}

export interface InclusionVerdict {
  ok: boolean;
  reason?: string;
}

/**
 * Builds the inclusion proof of the event at `globalPosition` against `checkpoint`, from the log
 * in global order (at least checkpoint.treeSize events). Refuses when the events do not produce
 * the checkpoint's root, rather than hand out a proof that cannot verify.
 */
export function buildEventInclusionProof(
  events: readonly RecordedEvent[],
  globalPosition: number,
  checkpoint: Checkpoint,
): EventInclusionProof {
  const { treeSize, algorithm } = checkpoint;
  if (!Number.isSafeInteger(globalPosition) || globalPosition < 1 || globalPosition > treeSize) {
    throw new RangeError(`global position ${globalPosition} is not covered by the checkpoint of size ${treeSize}`);
  }
  if (events.length < treeSize) throw new RangeError(`checkpoint covers ${treeSize} events, only ${events.length} given`);
  const leaves = new Array<Buffer>(treeSize);
  for (let i = 0; i < treeSize; i++) {
    if (events[i].globalPosition !== i + 1) {
      throw new RangeError(`event at index ${i} has global position ${events[i].globalPosition}, not ${i + 1}`);
    }
    leaves[i] = eventLeafHash(events[i], algorithm);
  }
  if (rootOf(leaves, algorithm).toString('hex') !== checkpoint.rootHash) {
    throw new Error(`the events do not match the checkpoint of size ${treeSize}`);
  }
  return {
    leafIndex: globalPosition - 1,
    treeSize,
    algorithm,
    auditPath: inclusionProof(globalPosition - 1, leaves, algorithm).map((h) => h.toString('hex')),
  };
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/**
 * Verifies with nothing but the event, the proof, the checkpoint and the signer's public key:
 * the checkpoint's signature, that the proof is for this event's position in that checkpoint's
 * tree, and that the leaf recomputed from the event's content leads to the signed root.
 * The event's prevHash/hash are not part of the leaf and are not relied on.
 */
export function verifyEventInclusion(
  event: RecordedEvent,
  proof: EventInclusionProof,
  checkpoint: Checkpoint,
  publicKey: PublicKeyInput,
): InclusionVerdict {
  const no = (reason: string): InclusionVerdict => ({ ok: false, reason });
  if (!verifyCheckpointSignature(checkpoint, publicKey)) return no('checkpoint signature is not valid');
  if (proof?.algorithm !== checkpoint.algorithm) return no('proof and checkpoint use different hash algorithms');
  if (proof.treeSize !== checkpoint.treeSize) return no('proof is for a different tree size than the checkpoint');
  if (proof.leafIndex !== event?.globalPosition - 1) return no('proof is for a different position than the event');
  if (!Array.isArray(proof.auditPath) || !proof.auditPath.every((h) => typeof h === 'string' && HEX_DIGEST.test(h))) {
    return no('audit path is malformed');
  }
  let leaf: Buffer;
  try {
    leaf = eventLeafHash(event, checkpoint.algorithm);
  } catch (e) {
    return no(`event cannot be canonically encoded: ${(e as Error).message}`);
  }
  const path = proof.auditPath.map((h) => Buffer.from(h, 'hex'));
  const root = Buffer.from(checkpoint.rootHash, 'hex');
  if (!verifyInclusion(leaf, proof.leafIndex, proof.treeSize, path, root, checkpoint.algorithm)) {
    return no('event is not included in the checkpoint (proof does not lead to the signed root)');
  }
  return { ok: true };
}
