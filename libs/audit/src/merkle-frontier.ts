import { HashAlgorithm } from './event-hash';
import { emptyRoot, nodeHash } from './merkle';

/** A frontier as plain JSON, to persist between runs of an incremental verifier. */
export interface MerkleFrontierState {
  size: number;
  /** Roots of the perfect subtrees left to right (one per set bit of size), hex. */
  nodes: string[];
}

function bitCount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}

/**
 * The right edge of a Merkle tree that only grows (a "compact range" from 0): the roots of its
 * perfect subtrees, at most log2(n)+1 hashes. Appending a leaf and taking the RFC 6962 root of the
 * current size are both O(log n), so a verifier can stream millions of events in constant memory.
 */
export class MerkleFrontier {
  private readonly nodes: Buffer[] = [];
  private count = 0;

  constructor(
    readonly algorithm: HashAlgorithm = 'sha256',
    state?: MerkleFrontierState,
  ) {
    if (state) {
      if (!Number.isSafeInteger(state.size) || state.size < 0 || state.nodes.length !== bitCount(state.size)) {
        throw new RangeError('MerkleFrontier: state does not describe a tree');
      }
      for (const hex of state.nodes) this.nodes.push(Buffer.from(hex, 'hex'));
      this.count = state.size;
    }
  }

  get size(): number {
    return this.count;
  }

  push(leafHash: Uint8Array): void {
    let hash: Buffer = Buffer.from(leafHash);
    // Each trailing 1 bit of the old size is a perfect subtree that now gets a right sibling.
    for (let s = this.count; s % 2 === 1; s = (s - 1) / 2) {
      hash = nodeHash(this.nodes.pop()!, hash, this.algorithm);
    }
    this.nodes.push(hash);
    this.count += 1;
  }

  /** MTH of the leaves pushed so far: the subtree roots folded right to left. */
  root(): Buffer {
    if (this.nodes.length === 0) return emptyRoot(this.algorithm);
    let hash = this.nodes[this.nodes.length - 1];
    for (let i = this.nodes.length - 2; i >= 0; i--) hash = nodeHash(this.nodes[i], hash, this.algorithm);
    return hash;
  }

  state(): MerkleFrontierState {
    return { size: this.count, nodes: this.nodes.map((n) => n.toString('hex')) };
  }
}
