import { hash as oneShotHash } from 'node:crypto';
import type { RecordedEvent } from '@cluebus/contracts';
import { chainHashFromBytes, eventContentJson, HashAlgorithm } from './event-hash';
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
 * chainHashFromBytes and leafHash over eventContentBytes.
 */
export function checkEventContent(event: RecordedEvent, algorithm: HashAlgorithm = 'sha256'): ContentCheck {
  let text: string;
  try {
    text = eventContentJson(event);
  } catch (e) {
    return { ok: false, failure: 'encoding', message: (e as Error).message };
  }
  return checkCanonicalContent(text, event.prevHash, event.hash, algorithm);
}

/**
 * checkEventContent for an event whose content is already encoded: `canonical` must be
 * canonicalJson(hashedContent(event)). Both hashes come from one buffer with one-shot hashing
 * (the costly parts are encoding and hash objects, not the hashing itself): [prevHash |
 * content] for the chain hash, then byte 31 set to 0x00 for the leaf, H(0x00 ‖ content).
 */
export function checkCanonicalContent(canonical: string, prevHash: string, hash: string, algorithm: HashAlgorithm = 'sha256'): ContentCheck {
  if (typeof prevHash !== 'string' || !HEX_HASH.test(prevHash)) {
    // Not a 32-byte hex hash (Buffer.from(…, 'hex') would read a prefix of it): the general path.
    const content = Buffer.from(canonical, 'utf8');
    if (chainHashFromBytes(prevHash, content, algorithm) !== hash) return { ok: false, failure: 'hash' };
    return { ok: true, leaf: leafHash(content, algorithm) };
  }
  // At most 3 bytes per UTF-16 code unit: room for the content without measuring it first.
  const room = 32 + 3 * canonical.length;
  if (scratch.length < room) scratch = Buffer.alloc(Math.max(room, scratch.length * 2));
  scratch.write(prevHash, 0, 32, 'hex');
  const end = 32 + scratch.write(canonical, 32, 'utf8');
  if (oneShotHash(algorithm, scratch.subarray(0, end), 'hex') !== hash) return { ok: false, failure: 'hash' };
  scratch[31] = 0x00;
  return { ok: true, leaf: oneShotHash(algorithm, scratch.subarray(31, end), 'buffer') };
}
