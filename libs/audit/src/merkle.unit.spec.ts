import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@cluebus/contracts';
import { canonicalBytes } from './canonical-json';
import { GENESIS_HASH, hashedContent } from './event-hash';
import { consistencyProof, emptyRoot, eventLeafHash, inclusionProof, leafHash, nodeHash, rootOf } from './merkle';
import { verifyConsistency, verifyInclusion } from './proof-verifier';

/** The eight entries of the RFC 6962 reference tree (certificate-transparency test data). */
const RFC_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  (hex) => Buffer.from(hex, 'hex'),
);
const RFC_ROOTS: Record<number, string> = {
  1: '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  2: 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  3: 'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  4: 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  5: '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  6: '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  7: 'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  8: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
};
const hex = (bs: Buffer[]): string[] => bs.map((b) => b.toString('hex'));
const rfcLeafHashes = RFC_LEAVES.map((d) => leafHash(d));
const leavesOf = (n: number, algorithm: 'sha256' | 'sm3' = 'sha256'): Buffer[] =>
  Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`), algorithm));

describe('merkle (RFC 6962 §2.1)', () => {
  describe('given the RFC 6962 reference entries', () => {
    it('when the tree of each prefix is hashed, then the roots are the published ones', () => {
      for (let n = 1; n <= 8; n++) expect(rootOf(rfcLeafHashes.slice(0, n)).toString('hex')).toBe(RFC_ROOTS[n]);
    });

    it('when audit paths are built, then they equal the happy-path vectors', () => {
      expect(hex(inclusionProof(0, rfcLeafHashes))).toEqual([
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ]);
      expect(hex(inclusionProof(5, rfcLeafHashes))).toEqual([
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ]);
      expect(hex(inclusionProof(2, rfcLeafHashes.slice(0, 3)))).toEqual([RFC_ROOTS[2]]);
      expect(inclusionProof(0, rfcLeafHashes.slice(0, 1))).toEqual([]);
    });

    it('when consistency proofs are built, then they equal the happy-path vectors', () => {
      expect(hex(consistencyProof(1, rfcLeafHashes))).toEqual([
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ]);
      expect(hex(consistencyProof(6, rfcLeafHashes))).toEqual([
        '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ]);
      expect(hex(consistencyProof(2, rfcLeafHashes.slice(0, 5)))).toEqual([
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      ]);
      expect(consistencyProof(8, rfcLeafHashes)).toEqual([]);
    });
  });

  describe('given the hashing primitives', () => {
    it('when a leaf and a node are hashed, then they carry the 0x00 and 0x01 prefixes', () => {
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      const a = Buffer.from('a');
      expect(leafHash(a).toString('hex')).toBe(sha(Buffer.concat([Buffer.from([0]), a])));
      const l = Buffer.alloc(32, 1);
      const r = Buffer.alloc(32, 2);
      expect(nodeHash(l, r).toString('hex')).toBe(sha(Buffer.concat([Buffer.from([1]), l, r])));
    });

    it('when the tree is empty, then its root is the hash of the empty string', () => {
      expect(rootOf([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expect(emptyRoot('sm3').toString('hex')).toBe(createHash('sm3').digest('hex'));
    });
  });

  describe('given trees of every size from 1 to 40', () => {
    it('when every inclusion and consistency proof is built, then the independent verifier accepts each', () => {
      const all = leavesOf(40);
      let checked = 0;
      for (let n = 1; n <= 40; n++) {
        const leaves = all.slice(0, n);
        const root = rootOf(leaves);
        for (let i = 0; i < n; i++) {
          expect(verifyInclusion(leaves[i], i, n, inclusionProof(i, leaves), root)).toBe(true);
          checked++;
        }
        for (let m = 1; m <= n; m++) {
          expect(verifyConsistency(m, n, consistencyProof(m, leaves), rootOf(all.slice(0, m)), root)).toBe(true);
          checked++;
        }
      }
      expect(checked).toBe(2 * ((40 * 41) / 2));
    });

    it('when a proof is checked for the wrong leaf or the wrong index, then it is rejected', () => {
      const leaves = leavesOf(13);
      const root = rootOf(leaves);
      expect(verifyInclusion(leaves[4], 5, 13, inclusionProof(4, leaves), root)).toBe(false);
      expect(verifyInclusion(leaves[5], 4, 13, inclusionProof(4, leaves), root)).toBe(false);
      expect(verifyConsistency(5, 13, consistencyProof(6, leaves), rootOf(leaves.slice(0, 5)), root)).toBe(false);
    });
  });

  describe('given SM3 selected', () => {
    it('when a tree is built and proven, then it verifies under SM3 and not under SHA-256', () => {
      const leaves = leavesOf(11, 'sm3');
      const root = rootOf(leaves, 'sm3');
      const proof = inclusionProof(7, leaves, 'sm3');
      expect(root.equals(rootOf(leaves))).toBe(false);
      expect(verifyInclusion(leaves[7], 7, 11, proof, root, 'sm3')).toBe(true);
      expect(verifyInclusion(leaves[7], 7, 11, proof, root, 'sha256')).toBe(false);
      expect(verifyConsistency(3, 11, consistencyProof(3, leaves, 'sm3'), rootOf(leaves.slice(0, 3), 'sm3'), root, 'sm3')).toBe(true);
    });
  });

  describe('given out-of-range arguments', () => {
    it('when a proof is asked for a leaf or size that does not exist, then it throws a RangeError', () => {
      const leaves = leavesOf(4);
      expect(() => inclusionProof(4, leaves)).toThrow(RangeError);
      expect(() => inclusionProof(-1, leaves)).toThrow(RangeError);
      expect(() => consistencyProof(0, leaves)).toThrow(RangeError);
      expect(() => consistencyProof(5, leaves)).toThrow(RangeError);
    });
  });

  describe('given a stored event', () => {
    const event: RecordedEvent = {
      streamId: 'clue-0193a1b2-0000-7000-8000-000000000001',
      streamPosition: 0,
      globalPosition: 1,
      eventId: '0193a1b2-0000-7000-8000-0000000000e1',
      type: 'ClueRegistered',
      schemaVersion: 1,
      data: { clueId: '0193a1b2-0000-7000-8000-000000000001', summary: '某医药公司涉嫌向医院支付回扣' },
      metadata: {
        department: 'nhc:341300',
        actor: 'clerk-007',
        occurredAt: '2025-01-06T01:00:00.000Z',
        causationId: '0193a1b2-0000-7000-8000-0000000000c1',
        correlationId: '0193a1b2-0000-7000-8000-0000000000c1',
      },
      recordedAt: '2025-01-06T01:00:00.120Z',
      prevHash: GENESIS_HASH,
      hash: 'f'.repeat(64),
    };

    it('when its leaf is hashed, then it is the RFC 6962 leaf of the canonical hashed content', () => {
      expect(eventLeafHash(event).equals(leafHash(canonicalBytes(hashedContent(event))))).toBe(true);
    });

    it('when only its chain hashes differ, then its leaf is the same', () => {
      expect(eventLeafHash({ ...event, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) } as RecordedEvent).equals(eventLeafHash(event))).toBe(true);
    });

    it('when one character of its data changes, then its leaf changes', () => {
      const edited = { ...event, data: { ...event.data, summary: '某医药公司涉嫌向医院支付回款' } };
      expect(eventLeafHash(edited).equals(eventLeafHash(event))).toBe(false);
    });
  });
});
