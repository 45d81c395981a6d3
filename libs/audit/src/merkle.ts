import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@cluebus/contracts';
import { eventContentBytes, HashAlgorithm } from './event-hash';

/**
 * Merkle tree hashing of RFC 6962 §2.1 (= RFC 9162 §2.1): a leaf is H(0x00 ‖ data), an inner
 * node H(0x01 ‖ left ‖ right). The prefixes keep a leaf from ever being passed off as a node
 * (second-preimage attack on unprefixed trees, the flaw in merkletreejs-style trees).
 *
 * The tree over the global log has one leaf per event, leaf index = globalPosition − 1, and the
 * leaf data is the canonical bytes of the event's hashed content (see eventLeafHash for why).
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** H(0x00 ‖ data). */
export function leafHash(data: Uint8Array, algorithm: HashAlgorithm = 'sha256'): Buffer {
  return createHash(algorithm).update(LEAF_PREFIX).update(data).digest();
}

/** H(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array, algorithm: HashAlgorithm = 'sha256'): Buffer {
  return createHash(algorithm).update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) = H(""), the root of the empty tree. */
export function emptyRoot(algorithm: HashAlgorithm = 'sha256'): Buffer {
  return createHash(algorithm).digest();
}

/**
 * The Merkle leaf hash of a stored event: leafHash(canonical bytes of its hashed content), the
 * same bytes the chain hash covers, without prevHash/hash.
 *
 * Why the content and not the chain hash:
 * - An inclusion proof then stands on the event alone: a third party recomputes the leaf from the
 *   event as exported, and needs neither its prevHash nor any other event. The position is still
 *   bound twice: globalPosition is inside the content, and the verifier requires
 *   leaf index = globalPosition − 1.
 * - The chain and the tree are two independent commitments to the same content. An attacker who
 *   rewrites the chain (recomputing every hash after an edit) gains nothing against the tree, and
 *   a bug in one cannot hide a change from the other.
 * - Leaves do not depend on each other, so Merkle roots can be recomputed in parallel or in any
 *   order; a leaf over the chain hash would inherit the chain's strictly sequential computation.
 * The price is a second hash over the same bytes; verifiers serialise once and hash twice.
 */
export function eventLeafHash(
  event: Omit<RecordedEvent, 'prevHash' | 'hash'>,
  algorithm: HashAlgorithm = 'sha256',
): Buffer {
  return leafHash(eventContentBytes(event), algorithm);
}

/** Largest power of two strictly below n (n ≥ 2): the split point k of RFC 6962 §2.1. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]) over leaf hashes. */
function subtreeRoot(leaves: readonly Uint8Array[], lo: number, hi: number, algorithm: HashAlgorithm): Buffer {
  const n = hi - lo;
  if (n === 0) return emptyRoot(algorithm);
  if (n === 1) return Buffer.from(leaves[lo]);
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(leaves, lo, lo + k, algorithm), subtreeRoot(leaves, lo + k, hi, algorithm), algorithm);
}

/** MTH(D[n]) of RFC 6962 §2.1 over already leaf-hashed entries. */
export function rootOf(leafHashes: readonly Uint8Array[], algorithm: HashAlgorithm = 'sha256'): Buffer {
  return subtreeRoot(leafHashes, 0, leafHashes.length, algorithm);
}

/**
 * PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path for leaf `index` in the tree over `leafHashes`,
 * ordered from the leaf's sibling up to the root's child.
 */
export function inclusionProof(
  index: number,
  leafHashes: readonly Uint8Array[],
  algorithm: HashAlgorithm = 'sha256',
): Buffer[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leafHashes.length) {
    throw new RangeError(`inclusionProof: index ${index} outside tree of size ${leafHashes.length}`);
  }
  const out: Buffer[] = [];
  const path = (m: number, lo: number, hi: number): void => {
    const n = hi - lo;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      path(m, lo, lo + k);
      out.push(subtreeRoot(leafHashes, lo + k, hi, algorithm));
    } else {
      path(m - k, lo + k, hi);
      out.push(subtreeRoot(leafHashes, lo, lo + k, algorithm));
    }
  };
  path(index, 0, leafHashes.length);
  return out;
}

/**
 * PROOF(m, D[n]) of RFC 6962 §2.1.2: proves the tree of the first `size1` leaves is a prefix of
 * the tree over all of `leafHashes` (size2 = leafHashes.length). Empty when size1 = size2.
 * A proof from the empty tree proves nothing, so size1 must be at least 1.
 */
export function consistencyProof(
  size1: number,
  leafHashes: readonly Uint8Array[],
  algorithm: HashAlgorithm = 'sha256',
): Buffer[] {
  const size2 = leafHashes.length;
  if (!Number.isSafeInteger(size1) || size1 < 1 || size1 > size2) {
    throw new RangeError(`consistencyProof: size1 ${size1} must be in 1..${size2}`);
  }
  const out: Buffer[] = [];
  const subproof = (m: number, lo: number, hi: number, complete: boolean): void => {
    const n = hi - lo;
    if (m === n) {
      if (!complete) out.push(subtreeRoot(leafHashes, lo, hi, algorithm));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      subproof(m, lo, lo + k, complete);
      out.push(subtreeRoot(leafHashes, lo + k, hi, algorithm));
    } else {
      subproof(m - k, lo + k, hi, false);
      out.push(subtreeRoot(leafHashes, lo, lo + k, algorithm));
    }
  };
  subproof(size1, 0, size2, true);
  return out;
}
