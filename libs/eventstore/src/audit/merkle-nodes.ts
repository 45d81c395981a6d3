import { MerkleFrontier, nodeHash, type HashAlgorithm, type LeafRange, type MerkleFrontierState } from '@cluebus/audit';

export { consistencyRanges, inclusionRanges, type LeafRange } from '@cluebus/audit';

/**
 * The stored shape of the Merkle tree over the global log: every perfect, aligned subtree root,
 * addressed as (level, index) = MTH(leaves[index·2^level, (index+1)·2^level)). Level 0 holds the
 * leaf hashes. Any RFC 6962 subtree root MTH(D[lo:hi)) that a proof needs is a right fold of at
 * most log2(n) of these, so a proof costs one lookup of O(log² n) rows instead of rereading the
 * log. About 2n rows of 32 bytes: a few per cent of the events table.
 */
export interface MerkleNode {
  level: number;
  index: number;
  hash: Buffer;
}

export const nodeKey = (level: number, index: number): string => `${level}:${index}`;

/**
 * A MerkleFrontier that also reports every perfect subtree it completes, so the checkpointer can
 * store them as it goes. Its state is MerkleFrontierState, the format of @cluebus/audit.
 */
export class MerkleNodeBuilder {
  private readonly stack: Buffer[] = [];
  private count = 0;

  constructor(
    readonly algorithm: HashAlgorithm = 'sha256',
    state?: MerkleFrontierState,
  ) {
    if (state) {
      // MerkleFrontier validates the state (one node per set bit of size).
      new MerkleFrontier(algorithm, state);
      for (const hex of state.nodes) this.stack.push(Buffer.from(hex, 'hex'));
      this.count = state.size;
    }
  }

  get size(): number {
    return this.count;
  }

  /** Appends leaf number `size` (0-based) and returns the nodes it completes, leaf first. */
  push(leaf: Buffer): MerkleNode[] {
    const index = this.count;
    const completed: MerkleNode[] = [{ level: 0, index, hash: leaf }];
    let hash = leaf;
    let level = 0;
    // Each trailing 1 bit of the old size is a perfect subtree that now gets its right sibling.
    for (let s = index; s % 2 === 1; s = (s - 1) / 2) {
      hash = nodeHash(this.stack.pop()!, hash, this.algorithm);
      level += 1;
      completed.push({ level, index: (index + 1) / 2 ** level - 1, hash });
    }
    this.stack.push(hash);
    this.count += 1;
    return completed;
  }

  root(): Buffer {
    return new MerkleFrontier(this.algorithm, this.state()).root();
  }

  state(): MerkleFrontierState {
    return { size: this.count, nodes: this.stack.map((n) => n.toString('hex')) };
  }
}

/**
 * The perfect aligned subtrees that make up [lo, hi), left to right (binary decomposition of
 * its size, largest first). In RFC 6962's recursion every range starts at a multiple of the
 * largest power of two not above its size, so each part is an aligned, stored node.
 */
export function perfectParts([lo, hi]: LeafRange): Array<{ level: number; index: number }> {
  const parts: Array<{ level: number; index: number }> = [];
  let at = lo;
  let rest = hi - lo;
  while (rest > 0) {
    let size = 1;
    while (size * 2 <= rest) size *= 2;
    if (at % size !== 0) throw new RangeError(`range [${lo}, ${hi}) is not an RFC 6962 subtree`);
    parts.push({ level: Math.log2(size), index: at / size });
    at += size;
    rest -= size;
  }
  return parts;
}

/** MTH over a range from its stored parts: the parts folded right to left. */
export function rangeRoot(range: LeafRange, nodes: ReadonlyMap<string, Buffer>, algorithm: HashAlgorithm): Buffer {
  const hashes = perfectParts(range).map(({ level, index }) => {
    const hash = nodes.get(nodeKey(level, index));
    if (!hash) throw new Error(`Merkle node ${level}:${index} is not stored`);
    return hash;
  });
  let root = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) root = nodeHash(hashes[i], root, algorithm);
  return root;
}
