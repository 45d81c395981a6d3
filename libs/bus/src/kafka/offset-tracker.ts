/** An offset to commit: Kafka's committed offset is the NEXT offset to read (last handled + 1). */
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

export interface CommitPolicy {
  /** Commit once this many messages were handled since the last commit. */
  maxUncommitted: number;
  /** ...or once the oldest uncommitted handled message is this old (ms). */
  maxAgeMs: number;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * Offset bookkeeping of a consumer with auto-commit off. A message counts as handled only after
 * its handler resolved, i.e. after its effect and dedup mark committed in the database; only
 * handled offsets are ever committed, and a committed offset never moves backwards (a partition
 * re-fetched from an older offset after a rebalance does not pull it back). Offsets are int64
 * strings, compared as BigInt.
 *
 * Committing is an optimisation, not the correctness boundary: a message handled but not yet
 * committed is delivered again after a crash, and the consumer's dedup absorbs it. So commits
 * are batched (count or age), not one round trip per message.
 */
export class OffsetTracker {
  private readonly handled = new Map<string, { topic: string; partition: number; offset: bigint }>();
  private readonly committed = new Map<string, bigint>();
  private uncommitted = 0;
  private oldestUncommittedAt?: number;

  constructor(private readonly policy: CommitPolicy) {}

  /** `count`: how many messages up to `offset` this marks (a batch is marked once, at its last offset). */
  markHandled(topic: string, partition: number, offset: string, now = Date.now(), count = 1): void {
    this.handled.set(key(topic, partition), { topic, partition, offset: BigInt(offset) });
    this.uncommitted += count;
    this.oldestUncommittedAt ??= now;
  }

  /** Offsets that would move a partition's committed position forward. */
  pending(): PartitionOffset[] {
    const out: PartitionOffset[] = [];
    for (const [k, h] of this.handled) {
      const next = h.offset + 1n;
      const committed = this.committed.get(k);
      if (committed === undefined || next > committed) out.push({ topic: h.topic, partition: h.partition, offset: next.toString() });
    }
    return out;
  }

  /** True when the policy asks for a commit now. */
  due(now = Date.now()): boolean {
    if (this.uncommitted === 0) return false;
    return this.uncommitted >= this.policy.maxUncommitted || now - (this.oldestUncommittedAt ?? now) >= this.policy.maxAgeMs;
  }

  /**
   * Starts a commit: returns what to commit and restarts the count/age clock. Partitions
   * consumed concurrently keep handling meanwhile; what they handle counts towards the next
   * commit. If the commit fails, nothing is marked and the same offsets come back next time.
   */
  beginCommit(): PartitionOffset[] {
    this.uncommitted = 0;
    this.oldestUncommittedAt = undefined;
    return this.pending();
  }

  /** Record a successful commit of `offsets` (as returned by beginCommit()). */
  markCommitted(offsets: PartitionOffset[]): void {
    for (const o of offsets) {
      const k = key(o.topic, o.partition);
      const next = BigInt(o.offset);
      const before = this.committed.get(k);
      if (before === undefined || next > before) this.committed.set(k, next);
    }
  }

  /**
   * Forget everything: after a (re)join the group's committed offsets on the broker are the
   * truth again, and partitions may have moved to other members.
   */
  reset(): void {
    this.handled.clear();
    this.committed.clear();
    this.uncommitted = 0;
    this.oldestUncommittedAt = undefined;
  }
}
