/**
 * Independent RFC 6962 / RFC 9162 Merkle proof verification.
 *
 * This file imports nothing but node:crypto, on purpose: an auditor or a department can copy it
 * out of the project and check our proofs without trusting any other code of ours. Keep it so.
 *
 * Hashing (RFC 6962 §2.1): leaf = H(0x00 ‖ data), node = H(0x01 ‖ left ‖ right).
 * Algorithms: RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), with sizes and indexes
 * as safe integers (arithmetic, not 32-bit bit operations, so trees beyond 2^31 work).
 *
 * Each check comes twice: assertX throws a ProofVerificationError naming what failed; verifyX
 * returns a boolean. Both reject every malformed input rather than guessing.
 */
import { createHash } from 'node:crypto';

export type ProofHashAlgorithm = 'sha256' | 'sm3';

export type ProofErrorCode =
  | 'invalid-size' //          a size or index is not a non-negative safe integer
  | 'index-out-of-range' //    leaf index ≥ tree size
  | 'bad-hash-length' //       leaf hash, root or proof element of the wrong length
  | 'wrong-proof-length' //    the proof has too few or too many elements for the sizes
  | 'size1-exceeds-size2' //   a tree cannot shrink
  | 'empty-tree' //            consistency with the empty tree proves nothing
  | 'root-mismatch'; //        the recomputed root is not the given one

export class ProofVerificationError extends Error {
  override readonly name = 'ProofVerificationError';
  constructor(
    readonly code: ProofErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const DIGEST_LENGTH: Record<ProofHashAlgorithm, number> = { sha256: 32, sm3: 32 };

function fail(code: ProofErrorCode, message: string): never {
  throw new ProofVerificationError(code, message);
}

function digestLength(algorithm: ProofHashAlgorithm): number {
  const n = DIGEST_LENGTH[algorithm];
  if (n === undefined) throw new TypeError(`unsupported hash algorithm ${String(algorithm)}`);
  return n;
}

function hashChildren(left: Uint8Array, right: Uint8Array, algorithm: ProofHashAlgorithm): Buffer {
  return createHash(algorithm).update(Buffer.from([0x01])).update(left).update(right).digest();
}

function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) fail('invalid-size', `${name} must be a non-negative integer`);
}

function checkHash(name: string, value: Uint8Array, size: number): void {
  if (!(value instanceof Uint8Array) || value.length !== size) {
    fail('bad-hash-length', `${name} must be ${size} bytes`);
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/** The root that `proof` yields for `leafHash` at `index` in a tree of `treeSize` leaves. */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  algorithm: ProofHashAlgorithm = 'sha256',
): Buffer {
  const size = digestLength(algorithm);
  checkSize('index', index);
  checkSize('treeSize', treeSize);
  if (index >= treeSize) fail('index-out-of-range', `index ${index} is not below tree size ${treeSize}`);
  checkHash('leaf hash', leafHash, size);
  if (!Array.isArray(proof)) fail('wrong-proof-length', 'proof must be an array');
  proof.forEach((p, i) => checkHash(`proof[${i}]`, p, size));

  let fn = index;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) fail('wrong-proof-length', 'proof is longer than the path to the root');
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r, algorithm);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p, algorithm);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) fail('wrong-proof-length', 'proof is shorter than the path to the root');
  return r;
}

/** Throws unless `proof` shows `leafHash` is leaf `index` of the tree of `treeSize` with `root`. */
export function assertInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
  algorithm: ProofHashAlgorithm = 'sha256',
): void {
  const computed = rootFromInclusionProof(leafHash, index, treeSize, proof, algorithm);
  checkHash('root', root, digestLength(algorithm));
  if (!bytesEqual(computed, root)) fail('root-mismatch', 'inclusion proof does not lead to the root');
}

/** True iff `proof` shows `leafHash` is leaf `index` of the tree of `treeSize` with `root`. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
  algorithm: ProofHashAlgorithm = 'sha256',
): boolean {
  return holds(() => assertInclusion(leafHash, index, treeSize, proof, root, algorithm));
}

/** Throws unless `proof` shows the tree (size1, root1) is a prefix of the tree (size2, root2). */
export function assertConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
  algorithm: ProofHashAlgorithm = 'sha256',
): void {
  const size = digestLength(algorithm);
  checkSize('size1', size1);
  checkSize('size2', size2);
  if (!Array.isArray(proof)) fail('wrong-proof-length', 'proof must be an array');
  if (size1 > size2) fail('size1-exceeds-size2', `size1 ${size1} exceeds size2 ${size2}`);
  if (size1 === 0) fail('empty-tree', 'a consistency proof from the empty tree proves nothing');
  if (size1 === size2) {
    // Same tree: nothing to prove but equality. Roots are compared as given, as RFC 9162 and the
    // transparency-dev vectors do (no length check here; nothing is hashed).
    if (proof.length !== 0) fail('wrong-proof-length', 'sizes are equal but the proof is not empty');
    if (!(root1 instanceof Uint8Array) || !(root2 instanceof Uint8Array)) fail('bad-hash-length', 'roots must be bytes');
    if (!bytesEqual(root1, root2)) fail('root-mismatch', 'sizes are equal but the roots differ');
    return;
  }
  checkHash('root1', root1, size);
  checkHash('root2', root2, size);
  if (proof.length === 0) fail('wrong-proof-length', 'proof is empty');
  proof.forEach((p, i) => checkHash(`proof[${i}]`, p, size));

  // RFC 9162 §2.1.4.2. When size1 is a power of two, its root is the first node of the path.
  const path: Uint8Array[] = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0) fail('wrong-proof-length', 'proof is longer than needed');
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr, algorithm);
      sr = hashChildren(c, sr, algorithm);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c, algorithm);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) fail('wrong-proof-length', 'proof is shorter than needed');
  if (!bytesEqual(fr, root1)) fail('root-mismatch', 'proof does not lead to root1');
  if (!bytesEqual(sr, root2)) fail('root-mismatch', 'proof does not lead to root2');
}

/** True iff `proof` shows the tree (size1, root1) is a prefix of the tree (size2, root2). */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
  algorithm: ProofHashAlgorithm = 'sha256',
): boolean {
  return holds(() => assertConsistency(size1, size2, proof, root1, root2, algorithm));
}

function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
}

function holds(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (e) {
    if (e instanceof ProofVerificationError) return false;
    throw e;
  }
}
