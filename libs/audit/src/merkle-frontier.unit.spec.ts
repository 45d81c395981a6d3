import { leafHash, rootOf } from './merkle';
import { MerkleFrontier } from './merkle-frontier';

const leaves = Array.from({ length: 130 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));

describe('MerkleFrontier', () => {
  describe('given leaves appended one at a time', () => {
    it('when the root is taken after each append, then it equals the RFC 6962 root of that prefix', () => {
      const frontier = new MerkleFrontier();
      expect(frontier.root().equals(rootOf([]))).toBe(true);
      leaves.forEach((leaf, i) => {
        frontier.push(leaf);
        expect(frontier.size).toBe(i + 1);
        expect(frontier.root().toString('hex')).toBe(rootOf(leaves.slice(0, i + 1)).toString('hex'));
      });
    });

    it('when it holds n leaves, then it keeps one node per set bit of n', () => {
      const frontier = new MerkleFrontier();
      leaves.slice(0, 0b1011011).forEach((l) => frontier.push(l));
      expect(frontier.state().nodes).toHaveLength(5);
    });
  });

  describe('given a saved state', () => {
    it('when a new frontier resumes from it, then appending continues the same tree', () => {
      const first = new MerkleFrontier('sha256');
      leaves.slice(0, 77).forEach((l) => first.push(l));
      const resumed = new MerkleFrontier('sha256', JSON.parse(JSON.stringify(first.state())));
      leaves.slice(77).forEach((l) => resumed.push(l));
      expect(resumed.root().equals(rootOf(leaves))).toBe(true);
    });

    it('when the state has the wrong number of nodes for its size, then it is refused', () => {
      expect(() => new MerkleFrontier('sha256', { size: 3, nodes: ['00'] })).toThrow(RangeError);
      expect(() => new MerkleFrontier('sha256', { size: -1, nodes: [] })).toThrow(RangeError);
    });
  });

  describe('given SM3', () => {
    it('when leaves are appended, then the root is the SM3 tree root', () => {
      const sm3Leaves = leaves.slice(0, 21).map((_, i) => leafHash(Buffer.from(`leaf ${i}`), 'sm3'));
      const frontier = new MerkleFrontier('sm3');
      sm3Leaves.forEach((l) => frontier.push(l));
      expect(frontier.root().equals(rootOf(sm3Leaves, 'sm3'))).toBe(true);
    });
  });
});
