import { checkEventContent, type ContentCheck } from '@cluebus/audit/event-content-check';
import type { HashAlgorithm } from '@cluebus/audit/event-hash';
import { eventOfLogLine, forEachLogLine } from './log-page';

/** A line's stored hashes and position, and checkEventContent's verdict on the event it holds. */
interface LineDigest {
  globalPosition: number;
  prevHash: string;
  hash: string;
  check: ContentCheck;
}

/**
 * One line of a page (log-page.ts): checkEventContent(eventOfLogLine(line)). (Printing the
 * canonical form straight from the jsonb text, skipping JSON.parse, was tried: a tokenizer in
 * JavaScript was no faster than the native parse plus canonicalJson's fast path.)
 */
export function digestLogLine(line: string, algorithm: HashAlgorithm): LineDigest {
  const event = eventOfLogLine(line);
  return { globalPosition: event.globalPosition, prevHash: event.prevHash, hash: event.hash, check: checkEventContent(event, algorithm) };
}

/**
 * The content half of verifying a page of the log (log-page.ts), as plain typed arrays and
 * strings so that a worker thread can hand it back in one message: per row, its position, its
 * stored prevHash and hash (the order checks need them), and checkEventContent's verdict on it
 * (its chain hash recomputed from its content, and its Merkle leaf). The order checks stay with
 * the one LogVerifier that reads the page (pushDigest).
 */
export interface PageDigest {
  /** Rows digested: all of the page, or up to and including the first whose content failed. */
  count: number;
  positions: Float64Array;
  /**
   * The stored prevHash and hash of each row: when every one is 64 characters (as the store
   * writes them), one string of 128 per row — a single string is far cheaper to pass between
   * threads than thousands — else one array each.
   */
  packedHashes?: string;
  prevHashes?: string[];
  hashes?: string[];
  /** Per row: 0 content holds (leaf below), 1 hash does not match, 2 cannot be encoded (messages). */
  verdicts: Uint8Array;
  messages: Record<number, string>;
  /** count × leafBytes: the Merkle leaf of each row whose content holds. */
  leaves: Uint8Array;
  leafBytes: number;
}

const HOLDS = 0;
const HASH_MISMATCH = 1;
const NOT_ENCODABLE = 2;

/** Parses and hashes every line of a page's text (throws, as reading would, when a row cannot be read). */
export function digestLogPage(text: string, count: number, algorithm: HashAlgorithm): PageDigest {
  const positions = new Float64Array(count);
  const prevHashes: string[] = new Array<string>(count);
  const hashes: string[] = new Array<string>(count);
  let allOf64 = true;
  const verdicts = new Uint8Array(count);
  const messages: Record<number, string> = {};
  let leaves = new Uint8Array(0);
  let leafBytes = 0;
  let n = 0;
  let stopped = false;
  forEachLogLine(text, (line, i) => {
    if (stopped) return;
    if (i >= count) throw new Error(`page text holds more than the ${count} rows read`);
    const { globalPosition, prevHash, hash, check } = digestLogLine(line, algorithm);
    positions[i] = globalPosition;
    prevHashes[i] = prevHash;
    hashes[i] = hash;
    if (prevHash.length !== 64 || hash.length !== 64) allOf64 = false;
    n = i + 1;
    if (!check.ok) {
      // Verification stops here at the latest: rows after it need no digest.
      verdicts[i] = check.failure === 'hash' ? HASH_MISMATCH : NOT_ENCODABLE;
      if (check.failure === 'encoding') messages[i] = check.message;
      stopped = true;
      return;
    }
    if (leafBytes === 0) {
      leafBytes = check.leaf.length;
      leaves = new Uint8Array(count * leafBytes);
    }
    leaves.set(check.leaf, i * leafBytes);
  });
  if (!stopped && n !== count) throw new Error(`page text holds ${n} rows, ${count} were read`);
  const stored = allOf64 ? { packedHashes: packed(prevHashes, hashes, n) } : { prevHashes, hashes };
  return { count: n, positions, ...stored, verdicts, messages, leaves, leafBytes };
}

function packed(prevHashes: string[], hashes: string[], n: number): string {
  const parts = new Array<string>(2 * n);
  for (let i = 0; i < n; i++) {
    parts[2 * i] = prevHashes[i];
    parts[2 * i + 1] = hashes[i];
  }
  return parts.join('');
}

export function prevHashAt(digest: PageDigest, i: number): string {
  return digest.packedHashes !== undefined ? digest.packedHashes.slice(128 * i, 128 * i + 64) : digest.prevHashes![i];
}

export function hashAt(digest: PageDigest, i: number): string {
  return digest.packedHashes !== undefined ? digest.packedHashes.slice(128 * i + 64, 128 * i + 128) : digest.hashes![i];
}

/** Row i's verdict as checkEventContent gave it. */
export function contentCheckAt(digest: PageDigest, i: number): ContentCheck {
  switch (digest.verdicts[i]) {
    case HOLDS:
      return { ok: true, leaf: digest.leaves.subarray(i * digest.leafBytes, (i + 1) * digest.leafBytes) };
    case HASH_MISMATCH:
      return { ok: false, failure: 'hash' };
    default:
      return { ok: false, failure: 'encoding', message: digest.messages[i] ?? 'unknown' };
  }
}

/** The ArrayBuffers of a digest, to transfer rather than copy between threads. */
export function transferablesOf(digest: PageDigest): ArrayBuffer[] {
  return [digest.positions.buffer, digest.verdicts.buffer, digest.leaves.buffer] as ArrayBuffer[];
}
