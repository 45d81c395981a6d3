import { createHash } from 'node:crypto';
import { consistencyProof, inclusionProof, leafHash, MerkleFrontier, rootOf } from '@cluebus/audit';
import { consistencyRanges, inclusionRanges, MerkleNodeBuilder, nodeKey, perfectParts, rangeRoot } from './merkle-nodes';

const leaves = Array.from({ length: 70 }, (_, i) => leafHash(createHash('sha256').update(`leaf ${i}`).digest()));

function storedNodes(count: number): Map<string, Buffer> {
  const builder = new MerkleNodeBuilder('sha256');
  const nodes = new Map<string, Buffer>();
  for (const leaf of leaves.slice(0, count)) for (const n of builder.push(leaf)) nodes.set(nodeKey(n.level, n.index), n.hash);
  return nodes;
}

describe('Merkle nodes stored by level and index', () => {
  it('given leaves pushed one by one, when every completed node is kept, then each is the root of its aligned subtree', () => {
    const nodes = storedNodes(70);
    // 70 leaves: 70 + 35 + 17 + 8 + 4 + 2 + 1 perfect subtrees.
    expect(nodes.size).toBe(137);
    for (const [key, hash] of nodes) {
      const [level, index] = key.split(':').map(Number);
      expect(hash.equals(rootOf(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level)))).toBe(true);
    }
  });

  it('given a builder, when its root is taken at every size, then it equals the RFC 6962 root and a MerkleFrontier of the same state', () => {
    const builder = new MerkleNodeBuilder('sha256');
    for (let n = 1; n <= 40; n++) {
      builder.push(leaves[n - 1]);
      expect(builder.root().equals(rootOf(leaves.slice(0, n)))).toBe(true);
      expect(new MerkleFrontier('sha256', builder.state()).root().equals(builder.root())).toBe(true);
    }
  });

  it('given a builder resumed from a saved state, when more leaves are pushed, then it emits the same nodes as one that never stopped', () => {
    const straight = new MerkleNodeBuilder('sha256');
    const first = new MerkleNodeBuilder('sha256');
    leaves.slice(0, 23).forEach((l) => (straight.push(l), first.push(l)));
    const resumed = new MerkleNodeBuilder('sha256', JSON.parse(JSON.stringify(first.state())));
    for (const leaf of leaves.slice(23, 50)) expect(resumed.push(leaf)).toEqual(straight.push(leaf));
  });

  it('given sizes 1..70 and every leaf, when an inclusion path is planned from stored nodes, then it equals the proof computed from all leaves', () => {
    for (let n = 1; n <= 70; n++) {
      const nodes = storedNodes(n);
      for (let m = 0; m < n; m++) {
        const planned = inclusionRanges(m, n).map((r) => rangeRoot(r, nodes, 'sha256').toString('hex'));
        expect(planned).toEqual(inclusionProof(m, leaves.slice(0, n)).map((h) => h.toString('hex')));
      }
    }
  });

  it('given sizes 1..70, when a consistency proof is planned from stored nodes, then it equals the proof computed from all leaves', () => {
    for (let n = 1; n <= 70; n++) {
      const nodes = storedNodes(n);
      for (let m = 1; m <= n; m++) {
        const planned = consistencyRanges(m, n).map((r) => rangeRoot(r, nodes, 'sha256').toString('hex'));
        expect(planned).toEqual(consistencyProof(m, leaves.slice(0, n)).map((h) => h.toString('hex')));
      }
    }
  });

  it('given a range that is not an RFC 6962 subtree, when it is decomposed, then it is refused', () => {
    expect(perfectParts([8, 15])).toEqual([
      { level: 2, index: 2 },
      { level: 1, index: 6 },
      { level: 0, index: 14 },
    ]);
    expect(() => perfectParts([3, 7])).toThrow(RangeError);
  });

  it('given a node missing from the store, when a range root is computed, then it says which node', () => {
    const nodes = storedNodes(8);
    nodes.delete(nodeKey(2, 1));
    expect(() => rangeRoot([4, 8], nodes, 'sha256')).toThrow('Merkle node 2:1 is not stored');
  });

  it('given impossible sizes, when proofs are planned, then they are refused', () => {
    expect(() => inclusionRanges(5, 5)).toThrow(RangeError);
    expect(() => consistencyRanges(0, 5)).toThrow(RangeError);
    expect(() => consistencyRanges(6, 5)).toThrow(RangeError);
  });
});
