import type { KeyObject } from 'node:crypto';
import { verifyEventIndependently, type PortableCheckpoint, type PortableInclusionProof } from '@cluebus/audit';

interface ProvenEvent {
  position: number;
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
  proof?: PortableInclusionProof;
}

export interface ProofCheck {
  checked: number;
  failures: Array<{ position: number; reason: string }>;
}

/**
 * Each event's inclusion proof checked here, by the independent verifier (leaf recomputed from
 * the event as shown, audit path to the root, the checkpoint's signature under a key pinned in
 * this operator's configuration) — the answering service is not trusted for any of it.
 */
export function checkCaseProofs(events: readonly ProvenEvent[], checkpoint: PortableCheckpoint, keys: ReadonlyMap<string, KeyObject>): ProofCheck {
  const key = keys.get(checkpoint.keyId);
  const failures: ProofCheck['failures'] = [];
  let checked = 0;
  for (const e of events) {
    if (!e.proof) continue;
    checked++;
    const verdict = key
      ? verifyEventIndependently({ ...e, globalPosition: e.position }, e.proof, checkpoint, key)
      : { ok: false, reason: `checkpoint key ${checkpoint.keyId} is not among the pinned keys` };
    if (!verdict.ok) failures.push({ position: e.position, reason: verdict.reason ?? 'not proven' });
  }
  return { checked, failures };
}
