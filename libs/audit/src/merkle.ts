import { createHash, hash as oneShotHash } from 'node:crypto';
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

/** H(0x01 ‖ left ‖ right), hashed in one shot: a verifier computes one per event on its reading thread. */
export function nodeHash(left: Uint8Array, right: Uint8Array, algorithm: HashAlgorithm = 'sha256'): Buffer {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = NODE_PREFIX[0];
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return oneShotHash(algorithm, input, 'buffer');
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

/** A half-open leaf range [lo, hi) whose RFC 6962 subtree root a proof carries. */
export type LeafRange = readonly [lo: number, hi: number];

/**
 * PATH(m, D[n]) of RFC 6962 §2.1.1 as the leaf ranges whose roots form the audit path, leaf
 * side first. Shared by the in-memory proofs below and the store's proofs from stored nodes.
 */
export function inclusionRanges(index: number, treeSize: number): LeafRange[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new RangeError(`leaf index ${index} is outside a tree of size ${treeSize}`);
  }
  const out: LeafRange[] = [];
  const path = (m: number, lo: number, hi: number): void => {
    const n = hi - lo;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      path(m, lo, lo + k);
      out.push([lo + k, hi]);
    } else {
      path(m - k, lo + k, hi);
      out.push([lo, lo + k]);
    }
  };
  path(index, 0, treeSize);
  return out;
}

/**
 * PROOF(m, D[n]) of RFC 6962 §2.1.2 as leaf ranges. A proof from the empty tree proves
 * nothing, so size1 must be at least 1; empty when size1 = size2.
 */
export function consistencyRanges(size1: number, size2: number): LeafRange[] {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 1 || size1 > size2) {
    throw new RangeError(`no consistency proof from size ${size1} to size ${size2}`);
  }
  const out: LeafRange[] = [];
  const subproof = (m: number, lo: number, hi: number, complete: boolean): void => {
    const n = hi - lo;
    if (m === n) {
      if (!complete) out.push([lo, hi]);
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      subproof(m, lo, lo + k, complete);
      out.push([lo + k, hi]);
    } else {
      subproof(m - k, lo + k, hi, false);
      out.push([lo, lo + k]);
    }
  };
  subproof(size1, 0, size2, true);
  return out;
}

/** The audit path of leaf `index` in the tree over all of `leafHashes`. */
export function inclusionProof(index: number, leafHashes: readonly Uint8Array[], algorithm: HashAlgorithm = 'sha256'): Buffer[] {
  return inclusionRanges(index, leafHashes.length).map(([lo, hi]) => subtreeRoot(leafHashes, lo, hi, algorithm));
}

/** Proves the tree of the first `size1` leaves is a prefix of the tree over all of `leafHashes`. */
export function consistencyProof(size1: number, leafHashes: readonly Uint8Array[], algorithm: HashAlgorithm = 'sha256'): Buffer[] {
  return consistencyRanges(size1, leafHashes.length).map(([lo, hi]) => subtreeRoot(leafHashes, lo, hi, algorithm));
}
