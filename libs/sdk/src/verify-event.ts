import type { KeyObject } from 'node:crypto';
import type { CheckpointDto, EventProofDto, RecordedEvent } from './contract-types';
// The verifier of libs/audit itself (Node's crypto only), bundled into the SDK by build:sdk.
import { verifyEventInclusion, type EventInclusionProof } from '@cluebus/audit/inclusion';
import type { Checkpoint } from '@cluebus/audit/checkpoint';
import { keyIdOf } from '@cluebus/audit/signing-key';

/** An Ed25519 public key: SPKI PEM text or bytes, or a KeyObject. */
export type PinnedKey = KeyObject | string | Buffer;

export interface EventVerdict {
  ok: boolean;
  /** Why not, when `ok` is false: the first check that failed. */
  reason?: string;
  eventId: string;
  /** Where the event sits in the global log, and the size of the checkpoint it was proven against. */
  globalPosition?: number;
  treeSize?: number;
  /** The checkpoint as verified (its root and signature). */
  checkpoint?: CheckpointDto;
}

const SIGNED_FIELDS = ['treeSize', 'rootHash', 'algorithm', 'issuedAt', 'keyId', 'signature'] as const;

/**
 * Pure: the verdict on a proof answer and the checkpoint fetched on its own. Exported for
 * callers that fetch the two themselves (an offline archive of proofs).
 */
export function verifyEventProof(eventId: string, answer: EventProofDto, published: CheckpointDto, publicKey: PinnedKey): EventVerdict {
  const base = { eventId, globalPosition: answer?.event?.globalPosition, treeSize: answer?.checkpoint?.treeSize };
  const no = (reason: string): EventVerdict => ({ ok: false, reason, ...base });
  if (answer?.event?.eventId !== eventId) return no('the proof is for another event');
  const differing = SIGNED_FIELDS.filter((f) => answer.checkpoint?.[f] !== published?.[f]);
  if (differing.length > 0) return no(`the proof's checkpoint differs from the published one (${differing.join(', ')})`);
  let pinnedId: string;
  try {
    pinnedId = keyIdOf(publicKey);
  } catch (e) {
    return no(`the pinned key is not usable: ${(e as Error).message}`);
  }
  if (published.keyId !== pinnedId) return no(`the checkpoint is signed by key ${published.keyId}, not the pinned key ${pinnedId}`);
  const verdict = verifyEventInclusion(
    answer.event as unknown as RecordedEvent,
    answer.proof as unknown as EventInclusionProof,
    published as unknown as Checkpoint,
    publicKey,
  );
  return verdict.ok ? { ok: true, ...base, checkpoint: published } : no(verdict.reason ?? 'not verified');
}
