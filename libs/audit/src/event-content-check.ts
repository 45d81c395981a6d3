import { hash as oneShotHash } from 'node:crypto';
import type { RecordedEvent } from '@cluebus/contracts';
import { canonicalJson } from './canonical-json';
import { chainHashFromBytes, HashAlgorithm } from './event-hash';
import { hashedContent } from './hashed-content';
import { leafHash } from './merkle';

/**
 * The verdict on one event's content, the part of verification that needs no other event: its
 * chain hash recomputed from its stored content and compared with its hash column, and its
 * Merkle leaf. Separate from the order-dependent checks (LogVerifier.pushChecked) so that it
 * can run anywhere, e.g. on worker threads, while the log's order is checked in one place.
 */
export type ContentCheck =
  | { ok: true; leaf: Uint8Array }
  | { ok: false; failure: 'hash' }
  | { ok: false; failure: 'encoding'; message: string };

const HEX_HASH = /^[0-9a-f]{64}$/;

/** Scratch for [prevHash bytes ‖ canonical bytes]; grows to the largest event seen. */
let scratch = Buffer.alloc(64 * 1024);

/**
 * chainHash(prevHash, content) === event.hash, and leafHash(content): the same two hashes as
 * chainHashFromBytes and leafHash over eventContentBytes, computed from one buffer with one-shot
 * hashing (the costly parts are encoding and the hash objects, not the hashing itself):
 * [prevHash | content] for the chain hash, then byte 31 set to 0x00 for the leaf, H(0x00 ‖ content).
 */
export function checkEventContent(event: RecordedEvent, algorithm: HashAlgorithm = 'sha256'): ContentCheck {
  let text: string;
  try {
    text = canonicalJson(hashedContent(event));
  } catch (e) {
    return { ok: false, failure: 'encoding', message: (e as Error).message };
  }
  if (typeof event.prevHash !== 'string' || !HEX_HASH.test(event.prevHash)) {
    // Not a 32-byte hex hash (Buffer.from(…, 'hex') would read a prefix of it): the general path.
    const content = Buffer.from(text, 'utf8');
    if (chainHashFromBytes(event.prevHash, content, algorithm) !== event.hash) return { ok: false, failure: 'hash' };
    return { ok: true, leaf: leafHash(content, algorithm) };
  }
  const need = 32 + Buffer.byteLength(text, 'utf8');
  if (scratch.length < need) scratch = Buffer.alloc(Math.max(need, scratch.length * 2));
  scratch.write(event.prevHash, 0, 32, 'hex');
  scratch.write(text, 32, 'utf8');
  if (oneShotHash(algorithm, scratch.subarray(0, need), 'hex') !== event.hash) return { ok: false, failure: 'hash' };
  scratch[31] = 0x00;
  return { ok: true, leaf: oneShotHash(algorithm, scratch.subarray(31, need), 'buffer') };
}
