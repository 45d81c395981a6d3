import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { consistencyProof, inclusionProof, leafHash, rootOf } from './merkle';
import {
  assertConsistency,
  assertInclusion,
  ProofVerificationError,
  verifyConsistency,
  verifyInclusion,
} from './proof-verifier';

const VECTORS = join(__dirname, '..', 'test-vectors', 'rfc6962');

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return jsonFilesUnder(path);
      return name.endsWith('.json') ? [path] : [];
    });
}

const b64 = (s: string): Buffer => Buffer.from(s, 'base64');
const proofOf = (p: string[] | null): Buffer[] => (p ?? []).map(b64);

function load<T>(kind: 'inclusion' | 'consistency'): Array<[string, T]> {
  return jsonFilesUnder(join(VECTORS, kind)).map((f) => [relative(VECTORS, f), JSON.parse(readFileSync(f, 'utf8')) as T]);
}

const inclusionVectors = load<InclusionVector>('inclusion');
const consistencyVectors = load<ConsistencyVector>('consistency');

describe('proof-verifier against the RFC 6962 vectors (transparency-dev/merkle)', () => {
  describe('given the vector directories', () => {
    it('when they are listed, then there are vector files of both kinds and both outcomes', () => {
      expect(inclusionVectors.length).toBeGreaterThan(0);
      expect(consistencyVectors.length).toBeGreaterThan(0);
      const all = [...inclusionVectors, ...consistencyVectors].map(([, v]) => v.wantErr);
      expect(all.filter((e) => !e).length).toBeGreaterThan(0);
      expect(all.filter((e) => e).length).toBeGreaterThan(0);
      // 158 files at the time of copying, less the README.
      expect(inclusionVectors.length + consistencyVectors.length).toBe(157);
    });
  });

  describe.each(inclusionVectors)('given inclusion vector %s', (_file, v) => {
    const outcome = v.wantErr ? 'then it is rejected' : 'then it verifies';
    it(`when verified (${v.desc}), ${outcome}`, () => {
      const args = [b64(v.leafHash), v.leafIdx, v.treeSize, proofOf(v.proof), b64(v.root)] as const;
      expect(verifyInclusion(...args)).toBe(!v.wantErr);
      if (v.wantErr) expect(() => assertInclusion(...args)).toThrow(ProofVerificationError);
      else expect(() => assertInclusion(...args)).not.toThrow();
    });
  });

  describe.each(consistencyVectors)('given consistency vector %s', (_file, v) => {
    const outcome = v.wantErr ? 'then it is rejected' : 'then it verifies';
    it(`when verified (${v.desc}), ${outcome}`, () => {
      const args = [v.size1, v.size2, proofOf(v.proof), b64(v.root1), b64(v.root2)] as const;
      expect(verifyConsistency(...args)).toBe(!v.wantErr);
      if (v.wantErr) expect(() => assertConsistency(...args)).toThrow(ProofVerificationError);
      else expect(() => assertConsistency(...args)).not.toThrow();
    });
  });
});

describe('proof-verifier', () => {
  describe('given its source file', () => {
    it('when its imports are listed, then it imports node:crypto only, so it can be copied out', () => {
      const source = readFileSync(join(__dirname, 'proof-verifier.ts'), 'utf8');
      const imports = [...source.matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
      expect(imports).toEqual(['node:crypto']);
    });
  });

  describe('given a tree larger than 2^32 leaves, all equal but one (so subtree roots are cheap)', () => {
    const sha = (...parts: Uint8Array[]): Buffer => {
      const h = createHash('sha256');
      parts.forEach((p) => h.update(p));
      return h.digest();
    };
    const leaf = sha(Buffer.from([0]), Buffer.from('same'));
    const marked = sha(Buffer.from([0]), Buffer.from('marked'));
    const memo = new Map<number, Buffer>();
    const split = (n: number): number => {
      let k = 1;
      while (k * 2 < n) k *= 2;
      return k;
    };
    const mth = (n: number): Buffer => {
      if (n === 1) return leaf;
      const hit = memo.get(n);
      if (hit) return hit;
      const k = split(n);
      const r = sha(Buffer.from([1]), mth(k), mth(n - k));
      memo.set(n, r);
      return r;
    };
    // Root of a subtree of n leaves in which only leaf t is the marked one.
    const mthMarked = (n: number, t: number): Buffer => {
      if (n === 1) return marked;
      const k = split(n);
      return t < k
        ? sha(Buffer.from([1]), mthMarked(k, t), mth(n - k))
        : sha(Buffer.from([1]), mth(k), mthMarked(n - k, t - k));
    };
    // PATH(m, D[n]) when leaf m is the marked one: every sibling subtree is uniform.
    const path = (m: number, n: number): Buffer[] => {
      if (n <= 1) return [];
      const k = split(n);
      return m < k ? [...path(m, k), mth(n - k)] : [...path(m - k, n - k), mth(k)];
    };
    const treeSize = 2 ** 33 + 5;
    const index = 2 ** 32 + 3;

    it('when an inclusion proof for a leaf beyond 2^32 is checked, then it verifies (no 32-bit bit operations)', () => {
      expect(verifyInclusion(marked, index, treeSize, path(index, treeSize), mthMarked(treeSize, index))).toBe(true);
    });

    it('when the same proof is claimed for an index 2^32 lower, then it is rejected', () => {
      const root = mthMarked(treeSize, index);
      expect(verifyInclusion(marked, index - 2 ** 32, treeSize, path(index, treeSize), root)).toBe(false);
      expect(verifyInclusion(marked, index + 2 ** 32, treeSize, path(index, treeSize), root)).toBe(false);
    });

    it('when a consistency proof is checked between sizes beyond 2^32, then it verifies', () => {
      // PROOF(m, D[n]) over sizes only, as in RFC 6962 §2.1.2.
      const subproof = (m: number, n: number, complete: boolean): Buffer[] => {
        if (m === n) return complete ? [] : [mth(m)];
        const k = split(n);
        return m <= k ? [...subproof(m, k, complete), mth(n - k)] : [...subproof(m - k, n - k, false), mth(k)];
      };
      const size1 = 2 ** 32 + 3;
      expect(verifyConsistency(size1, treeSize, subproof(size1, treeSize, true), mth(size1), mth(treeSize))).toBe(true);
      expect(verifyConsistency(size1 + 1, treeSize, subproof(size1, treeSize, true), mth(size1), mth(treeSize))).toBe(false);
    });
  });

  describe('given well-formed proofs from a 13-leaf tree and one part replaced by another well-formed value', () => {
    const leaves = Array.from({ length: 13 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
    const root = rootOf(leaves);
    const root6 = rootOf(leaves.slice(0, 6));
    const other = rootOf(leaves.slice(0, 7));

    it('when only root1 is wrong and size1 is not a power of two, then consistency is rejected (every part of the proof is checked, cf. GHSA-672p-m5jq-mrh8)', () => {
      const proof = consistencyProof(6, leaves);
      expect(verifyConsistency(6, 13, proof, root6, root)).toBe(true);
      expect(() => assertConsistency(6, 13, proof, other, root)).toThrow(expect.objectContaining({ code: 'root-mismatch' }));
    });

    it('when only root2 is wrong, then consistency is rejected', () => {
      expect(verifyConsistency(6, 13, consistencyProof(6, leaves), root6, other)).toBe(false);
    });

    it('when a consistency proof has an extra or a missing element, then it is rejected as the wrong length', () => {
      const proof = consistencyProof(6, leaves);
      const wrongLength = expect.objectContaining({ code: 'wrong-proof-length' });
      expect(() => assertConsistency(6, 13, [...proof, root], root6, root)).toThrow(wrongLength);
      expect(() => assertConsistency(6, 13, proof.slice(0, -1), root6, root)).toThrow(wrongLength);
    });

    it('when an inclusion proof has an extra or a missing element, then it is rejected as the wrong length', () => {
      const proof = inclusionProof(12, leaves);
      expect(() => assertInclusion(leaves[12], 12, 13, [...proof, root], root)).toThrow(expect.objectContaining({ code: 'wrong-proof-length' }));
      expect(() => assertInclusion(leaves[12], 12, 13, proof.slice(1), root)).toThrow(expect.objectContaining({ code: 'wrong-proof-length' }));
    });

    it('when the leaf hash is not a digest, then it is rejected as such', () => {
      expect(() => assertInclusion(Buffer.concat([leaves[0], leaves[1]]), 0, 1, [], root)).toThrow(expect.objectContaining({ code: 'bad-hash-length' }));
    });
  });

  describe('given malformed arguments', () => {
    const h = Buffer.alloc(32, 7);
    it('when sizes are not safe integers, then verification fails with invalid-size', () => {
      expect(verifyInclusion(h, 0.5, 1, [], h)).toBe(false);
      expect(verifyInclusion(h, 0, Number.NaN, [], h)).toBe(false);
      expect(verifyConsistency(-1, 1, [], h, h)).toBe(false);
      expect(() => assertInclusion(h, 0, 2 ** 60, [], h)).toThrow(expect.objectContaining({ code: 'invalid-size' }));
    });

    it('when a proof element has the wrong length, then verification fails with bad-hash-length', () => {
      expect(() => assertInclusion(h, 0, 2, [Buffer.alloc(31)], h)).toThrow(expect.objectContaining({ code: 'bad-hash-length' }));
    });

    it('when the proof is not an array, then verification returns false rather than throwing', () => {
      expect(verifyInclusion(h, 0, 2, null as unknown as Buffer[], h)).toBe(false);
      expect(verifyConsistency(1, 2, undefined as unknown as Buffer[], h, h)).toBe(false);
    });
  });
});
