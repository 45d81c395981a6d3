import type { CheckpointDto, EventProofDto } from '@cluebus/contracts/dto/responses/audit.dto';
import type { RecordedEventDto } from '@cluebus/contracts/dto/responses/clue-history.dto';
// The same canonical JSON and hashed content as the server's verifier (pure modules of libs/audit, no Node import).
import { canonicalJson } from '@cluebus/audit/canonical-json';
import { hashedContent } from '@cluebus/audit/hashed-content';

/**
 * "Check this event" in the browser, trusting nothing the server says about itself: the same
 * checks as libs/audit (verifyEventInclusion, verifyCheckpointSignature, keyIdOf) written against
 * WebCrypto. Formats (libs/audit): leaf = SHA-256(0x00 ‖ canonical JSON of the hashed content),
 * node = SHA-256(0x01 ‖ left ‖ right), RFC 9162 inclusion; the checkpoint's Ed25519 signature is
 * over the canonical JSON of {treeSize, rootHash, algorithm, issuedAt, keyId}; keyId = first 16
 * hex of SHA-256(SPKI DER). SM3 checkpoints cannot be checked here (WebCrypto has no SM3).
 */
export interface ProofVerdict {
  ok: boolean;
  reason?: string;
  treeSize?: number;
  rootHash?: string;
}

const SIGNED_FIELDS = ['treeSize', 'rootHash', 'algorithm', 'issuedAt', 'keyId', 'signature'] as const;
const HEX_DIGEST = /^[0-9a-f]{64}$/;


const utf8 = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fromHex = (h: string) => new Uint8Array(h.match(/../g)!.map((x) => parseInt(x, 16)));
const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const toBase64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}


export async function eventLeafHash(e: RecordedEventDto): Promise<Uint8Array> {
  return sha256(new Uint8Array([0x00]), utf8(canonicalJson(hashedContent(e as never))));
}

/** RFC 9162 §2.1.3.2: the root `path` yields for `leaf` at `index` in a tree of `size`; null when the path has the wrong length. */
export async function rootFromInclusionProof(leaf: Uint8Array, index: number, size: number, path: Uint8Array[]): Promise<Uint8Array | null> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  const odd = (x: number) => x % 2 === 1;
  const node = new Uint8Array([0x01]);
  for (const p of path) {
    if (sn === 0) return null;
    if (odd(fn) || fn === sn) {
      r = await sha256(node, p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(node, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

function pemToDer(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  return fromBase64(body);
}

/** libs/audit keyIdOf: the first 16 hex digits of SHA-256 over the SPKI DER. */
export async function keyIdOfPem(pem: string): Promise<string> {
  return hex(await sha256(pemToDer(pem))).slice(0, 16);
}

export async function verifyCheckpointSignature(cp: CheckpointDto, pinnedPem: string): Promise<boolean> {
  const signature = fromBase64(cp.signature);
  // One encoding only, as libs/audit insists: no padding tricks.
  if (signature.length !== 64 || toBase64(signature) !== cp.signature) return false;
  const key = await crypto.subtle.importKey('spki', pemToDer(pinnedPem), { name: 'Ed25519' }, false, ['verify']);
  const signed = utf8(canonicalJson({ treeSize: cp.treeSize, rootHash: cp.rootHash, algorithm: cp.algorithm, issuedAt: cp.issuedAt, keyId: cp.keyId }));
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, signed);
}

/** The verdict on a proof answer and the checkpoint fetched on its own, against the pinned key. */
export async function checkEventProof(eventId: string, answer: EventProofDto, published: CheckpointDto, pinnedPem: string): Promise<ProofVerdict> {
  const no = (reason: string): ProofVerdict => ({ ok: false, reason, treeSize: published?.treeSize });
  if (answer?.event?.eventId !== eventId) return no('the proof is for another event');
  const differing = SIGNED_FIELDS.filter((f) => answer.checkpoint?.[f] !== published?.[f]);
  if (differing.length > 0) return no(`the proof's checkpoint differs from the published one (${differing.join(', ')})`);
  let pinnedId: string;
  try {
    pinnedId = await keyIdOfPem(pinnedPem);
  } catch (e) {
    return no(`the pinned key is not usable: ${(e as Error).message}`);
  }
  if (published.keyId !== pinnedId) return no(`the checkpoint is signed by key ${published.keyId}, not the pinned key ${pinnedId}`);
  if (published.algorithm !== 'sha256') return no(`hash algorithm ${published.algorithm} cannot be checked in the browser (WebCrypto has SHA-256 only)`);
  let signed: boolean;
  try {
    signed = await verifyCheckpointSignature(published, pinnedPem);
  } catch (e) {
    return no(`the signature could not be checked: ${(e as Error).message}`);
  }
  if (!signed) return no('checkpoint signature is not valid');
  const { proof, event } = answer;
  if (proof.algorithm !== published.algorithm) return no('proof and checkpoint use different hash algorithms');
  if (proof.treeSize !== published.treeSize) return no('proof is for a different tree size than the checkpoint');
  if (proof.leafIndex !== event.globalPosition - 1) return no('proof is for a different position than the event');
  if (!Array.isArray(proof.auditPath) || !proof.auditPath.every((h) => HEX_DIGEST.test(h))) return no('audit path is malformed');
  const root = await rootFromInclusionProof(await eventLeafHash(event), proof.leafIndex, proof.treeSize, proof.auditPath.map(fromHex));
  if (!root || hex(root) !== published.rootHash) return no('event is not included in the checkpoint (proof does not lead to the signed root)');
  return { ok: true, treeSize: published.treeSize, rootHash: published.rootHash };
}
