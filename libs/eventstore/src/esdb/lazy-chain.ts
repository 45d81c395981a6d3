import type { RecordedEvent } from '@cluebus/contracts';
import { chainHash, GENESIS_HASH, type HashAlgorithm } from '@cluebus/audit';

/** A stored event before the chain fields are known. */
export type UnsealedEvent = Omit<RecordedEvent, 'prevHash' | 'hash'>;

/** One page of the log: the (filtered) events after a position, and where the raw read stopped. */
export interface LogPage {
  events: UnsealedEvent[];
  /** Position of the last raw record read (system events included); `after` when none. */
  lastPosition: number;
  /** True when the read reached the end of the log. */
  end: boolean;
}

export type ReadLogPage = (after: number, maxCount: number) => Promise<LogPage>;

interface Link {
  /** Global position of an event (0 = before the first event). */
  position: number;
  hash: string;
}

export interface LazyChainOptions {
  algorithm?: HashAlgorithm;
  /** Keep a checkpoint every this many events, so a lookup re-reads at most that many. */
  checkpointInterval?: number;
  /** Remember the hashes of this many recently sealed events. */
  cacheSize?: number;
  pageSize?: number;
}

/**
 * The global hash chain of a log that does not store one (EventStoreDB), computed on read.
 *
 * It is the same chain the SQL store writes — prevHash of event n is the hash of event n−1 in
 * global order, hash = chainHash(prevHash, content), GENESIS before the first — over the same
 * content, so every link checks with `chainHash` from `libs/audit` (its verify-log and Merkle
 * leaves also assume positions 1..n, which EventStoreDB's are not: see README). Nothing is
 * stored on the server: the chain is a deterministic function of the log as the server returns
 * it, valid as long as the log is append-only (cluebus never deletes; a scavenge after a delete changes every later hash, which
 * is what tamper evidence should show against an anchored checkpoint).
 *
 * Cost: the first lookup past the known part reads the log from the last known link forward
 * (a cold process reads the log once); afterwards a checkpoint every `checkpointInterval`
 * events bounds a lookup to one page, and recently sealed events are answered from a cache.
 * Lookups that read are serialised, so concurrent readers share the work.
 */
export class LazyChain {
  readonly algorithm: HashAlgorithm;
  private readonly interval: number;
  private readonly cacheSize: number;
  private readonly pageSize: number;
  /** Sparse, ascending: GENESIS at 0, then one link about every `interval` events. */
  private readonly checkpoints: Link[] = [{ position: 0, hash: GENESIS_HASH }];
  /** Highest link known to be connected to GENESIS, and how many events it lies past the last checkpoint. */
  private tip: Link & { sinceCheckpoint: number } = { position: 0, hash: GENESIS_HASH, sinceCheckpoint: 0 };
  /** Recently seen events: position → their prevHash and hash. */
  private readonly cache = new Map<number, { prevHash: string; hash: string }>();
  private lock: Promise<unknown> = Promise.resolve();
  /** Raw page reads done (for tests and metrics). */
  pageReads = 0;

  constructor(
    private readonly readPage: ReadLogPage,
    options: LazyChainOptions = {},
  ) {
    this.algorithm = options.algorithm ?? 'sha256';
    this.interval = Math.max(1, options.checkpointInterval ?? 128);
    this.cacheSize = Math.max(1, options.cacheSize ?? 10_000);
    this.pageSize = Math.max(1, options.pageSize ?? 128);
  }

  /**
   * The link of the last event with globalPosition ≤ position (GENESIS at 0 when there is
   * none): the prevHash of the first event after `position`.
   */
  async linkAtOrBefore(position: number): Promise<Link> {
    if (position <= 0) return { position: 0, hash: GENESIS_HASH };
    const cached = this.cache.get(position);
    if (cached !== undefined) return { position, hash: cached.hash };
    const run = this.lock.then(() => this.scanTo(position));
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * Seals events that directly follow `predecessor` in the log (a page of readAll, a batch of
   * a subscription), remembering their hashes.
   */
  sealFollowing(predecessor: Link, events: UnsealedEvent[]): RecordedEvent[] {
    let prevHash = predecessor.hash;
    const sealed = events.map((e) => {
      const hash = chainHash(prevHash, e, this.algorithm);
      const out: RecordedEvent = { ...e, prevHash, hash };
      prevHash = hash;
      return out;
    });
    this.learn(predecessor, sealed);
    return sealed;
  }

  /**
   * Seals events that need not be contiguous (a stream's events). An event seen recently
   * (appended, read or scanned by this process) is answered from the cache; any other costs a
   * lookup of its predecessor.
   */
  async sealScattered(events: UnsealedEvent[]): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for (const e of events) {
      const known = this.cache.get(e.globalPosition);
      const prevHash = known?.prevHash ?? (await this.linkAtOrBefore(e.globalPosition - 1)).hash;
      const hash = chainHash(prevHash, e, this.algorithm);
      this.remember(e.globalPosition, prevHash, hash);
      out.push({ ...e, prevHash, hash });
    }
    return out;
  }

  private async scanTo(position: number): Promise<Link> {
    const cached = this.cache.get(position); // filled while this lookup waited its turn
    if (cached !== undefined) return { position, hash: cached.hash };
    let start: Link & { sinceCheckpoint: number };
    if (this.tip.position <= position) {
      start = { ...this.tip };
    } else {
      const cp = this.checkpointAtOrBefore(position);
      start = { ...cp, sinceCheckpoint: 0 };
    }
    let link: Link = { position: start.position, hash: start.hash };
    let since = start.sinceCheckpoint;
    const fromTip = start.position === this.tip.position;
    let after = start.position;
    for (;;) {
      this.pageReads++;
      const page = await this.readPage(after, this.pageSize);
      for (const e of page.events) {
        if (e.globalPosition <= link.position) continue;
        if (e.globalPosition > position) return this.finishScan(link, since, fromTip);
        const hash = chainHash(link.hash, e, this.algorithm);
        this.remember(e.globalPosition, link.hash, hash);
        link = { position: e.globalPosition, hash };
        since++;
        if (since >= this.interval) {
          this.addCheckpoint(link);
          since = 0;
        }
      }
      if (page.end || page.lastPosition <= after) return this.finishScan(link, since, fromTip);
      after = page.lastPosition;
    }
  }

  private finishScan(link: Link, since: number, fromTip: boolean): Link {
    if (fromTip && link.position > this.tip.position) this.tip = { ...link, sinceCheckpoint: since };
    return link;
  }

  /** Sealed events that follow the tip extend the known part of the chain. */
  private learn(predecessor: Link, sealed: RecordedEvent[]): void {
    const connected = predecessor.position === this.tip.position && predecessor.hash === this.tip.hash;
    let since = this.tip.sinceCheckpoint;
    for (const e of sealed) {
      this.remember(e.globalPosition, e.prevHash, e.hash);
      if (!connected) continue;
      const link = { position: e.globalPosition, hash: e.hash };
      since++;
      if (since >= this.interval) {
        this.addCheckpoint(link);
        since = 0;
      }
      this.tip = { ...link, sinceCheckpoint: since };
    }
  }

  private remember(position: number, prevHash: string, hash: string): void {
    this.cache.delete(position);
    this.cache.set(position, { prevHash, hash });
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as number);
  }

  private checkpointAtOrBefore(position: number): Link {
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.checkpoints[mid].position <= position) lo = mid;
      else hi = mid - 1;
    }
    return this.checkpoints[lo];
  }

  private addCheckpoint(link: Link): void {
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (link.position > last.position) {
      this.checkpoints.push(link);
      return;
    }
    const at = this.checkpointAtOrBefore(link.position);
    if (at.position === link.position) return;
    const index = this.checkpoints.indexOf(at) + 1;
    this.checkpoints.splice(index, 0, link);
  }

  /** Number of checkpoints held (for tests). */
  get checkpointCount(): number {
    return this.checkpoints.length;
  }
}
