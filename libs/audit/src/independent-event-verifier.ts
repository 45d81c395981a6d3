/**
 * Third-party check that one event is in the signed log, from the event, its inclusion proof,
 * the checkpoint and the signer's public key only.
 *
 * Like proof-verifier.ts this imports nothing of the project but that file: an auditor copies
 * the two files and runs them against what they were handed (JSON), without our store, our
 * canonical encoder or our event-hash code. The definitions it depends on are restated here:
 *  - canonical JSON: RFC 8785 style (keys sorted by UTF-16 code units, no whitespace, ECMAScript
 *    number and string forms, undefined members dropped);
 *  - the leaf: H(0x00 ‖ canonical JSON of {streamId, streamPosition, globalPosition, eventId, type,
 *    schemaVersion, data, metadata, recordedAt}), leaf index = globalPosition − 1;
 *  - the checkpoint signature: Ed25519 over canonical JSON of
 *    {treeSize, rootHash, algorithm, issuedAt, keyId}, base64.
 */
import { createHash, createPublicKey, KeyObject, verify } from 'node:crypto';
import { ProofHashAlgorithm, verifyInclusion } from './proof-verifier';

export interface PortableEvent {
  streamId: string;
  streamPosition: number;
  globalPosition: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
}

export interface PortableInclusionProof {
  leafIndex: number;
  treeSize: number;
  algorithm: ProofHashAlgorithm;
  auditPath: string[];
}

export interface PortableCheckpoint {
  treeSize: number;
  rootHash: string;
  algorithm: ProofHashAlgorithm;
  issuedAt: string;
  keyId: string;
  signature: string;
}

export interface IndependentVerdict {
  ok: boolean;
  reason?: string;
}

/** RFC 8785-style canonical JSON, restated independently of the project's encoder. */
export function independentCanonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) items.push(item === undefined ? 'null' : independentCanonicalJson(item));
    return `[${items.join(',')}]`;
  }
  if (typeof value === 'object') {
    const withToJson = value as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === 'function') return independentCanonicalJson(withToJson.toJSON());
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      if (record[key] !== undefined) members.push(`${JSON.stringify(key)}:${independentCanonicalJson(record[key])}`);
    }
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`not representable in JSON: ${typeof value}`);
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** The event's Merkle leaf hash. */
export function independentLeafHash(event: PortableEvent, algorithm: ProofHashAlgorithm = 'sha256'): Buffer {
  const content = {
    streamId: event.streamId,
    streamPosition: event.streamPosition,
    globalPosition: event.globalPosition,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
  return createHash(algorithm)
    .update(Buffer.from([0x00]))
    .update(Buffer.from(independentCanonicalJson(content), 'utf8'))
    .digest();
}

function checkpointSignatureHolds(cp: PortableCheckpoint, publicKey: KeyObject | string): boolean {
  if (!Number.isSafeInteger(cp.treeSize) || cp.treeSize < 0) return false;
  if (typeof cp.rootHash !== 'string' || !HEX_DIGEST.test(cp.rootHash)) return false;
  if (cp.algorithm !== 'sha256' && cp.algorithm !== 'sm3') return false;
  if (typeof cp.issuedAt !== 'string' || typeof cp.keyId !== 'string' || typeof cp.signature !== 'string') return false;
  const signature = Buffer.from(cp.signature, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== cp.signature) return false;
  const signed = independentCanonicalJson({
    treeSize: cp.treeSize,
    rootHash: cp.rootHash,
    algorithm: cp.algorithm,
    issuedAt: cp.issuedAt,
    keyId: cp.keyId,
  });
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  if (key.asymmetricKeyType !== 'ed25519') return false;
  return verify(null, Buffer.from(signed, 'utf8'), key, signature);
}

/**
 * Is `event` in the log the checkpoint signs? Checks the signature, that the proof is for this
 * event's position in this checkpoint's tree, and the audit path from the recomputed leaf to the
 * signed root.
 */
export function verifyEventIndependently(
  event: PortableEvent,
  proof: PortableInclusionProof,
  checkpoint: PortableCheckpoint,
  publicKey: KeyObject | string,
): IndependentVerdict {
  try {
    if (!checkpointSignatureHolds(checkpoint, publicKey)) return { ok: false, reason: 'checkpoint signature is not valid' };
    if (proof.algorithm !== checkpoint.algorithm) return { ok: false, reason: 'hash algorithms differ' };
    if (proof.treeSize !== checkpoint.treeSize) return { ok: false, reason: 'proof is for another tree size' };
    if (proof.leafIndex !== event.globalPosition - 1) return { ok: false, reason: 'proof is for another position' };
    if (!Array.isArray(proof.auditPath) || !proof.auditPath.every((h) => typeof h === 'string' && HEX_DIGEST.test(h))) {
      return { ok: false, reason: 'audit path is malformed' };
    }
    const included = verifyInclusion(
      independentLeafHash(event, checkpoint.algorithm),
      proof.leafIndex,
      proof.treeSize,
      proof.auditPath.map((h) => Buffer.from(h, 'hex')),
      Buffer.from(checkpoint.rootHash, 'hex'),
      checkpoint.algorithm,
    );
    return included ? { ok: true } : { ok: false, reason: 'proof does not lead to the signed root' };
  } catch (e) {
    return { ok: false, reason: `malformed input: ${(e as Error).message}` };
  }
}
