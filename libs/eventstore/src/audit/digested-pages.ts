import type { HashAlgorithm } from '@cluebus/audit/event-hash';
import type { RawLogPage } from './log-page';
import { digestLogPage, type PageDigest } from './page-digest';
import type { PageDigestPool } from './page-digest-pool';
import { ReadAhead } from './read-ahead';

interface Read {
  page: RawLogPage;
  requested: number;
  onWorker?: Promise<PageDigest>;
  settled?: boolean;
  here?: PageDigest;
}

/**
 * The digests of the pages of the log, in order (verifyStore's page path): pages are read
 * ahead one after another; each goes to a worker as soon as one is free (when it is read, or
 * when a worker hands back its previous page), and while the thread that reads waits for a
 * worker it digests queued pages no worker has taken. So the work spreads over the workers and
 * this thread by how fast each is going — on a machine busy with other work, or while the
 * workers are still starting, this thread simply does more of it.
 */
export class DigestedPages {
  private readonly pages: ReadAhead<Read>;

  constructor(
    read: (after: number, maxCount: number) => Promise<RawLogPage>,
    /** The page size to request after a position (0: nothing more to read). */
    sizeAfter: (after: number) => number,
    from: number,
    private readonly algorithm: HashAlgorithm,
    private readonly pool: PageDigestPool | undefined,
    depth: number,
  ) {
    this.pages = new ReadAhead<Read>(async (previous) => {
      // A short page is the end of the log (or of what the head covers).
      if (previous && previous.page.count < previous.requested) return undefined;
      const after = previous ? previous.page.last : from - 1;
      const requested = sizeAfter(after);
      if (requested === 0) return undefined;
      const page = await read(after, requested);
      if (page.count === 0) return undefined;
      const item: Read = { page, requested };
      this.dispatch(item);
      return item;
    }, depth);
  }

  /** The next page's digest; undefined at the end. */
  async next(): Promise<PageDigest | undefined> {
    const read = await this.pages.take();
    if (!read) return undefined;
    if (!read.onWorker) return this.digestHere(read);
    // While a worker has this page, digest queued pages no worker has taken.
    for (const later of this.pages.queued()) {
      if (read.settled) break;
      if (later.onWorker || later.here) continue;
      this.digestHere(later);
      await new Promise(setImmediate); // lets the workers' replies in
    }
    // A page a worker could not digest is digested here: the same error if the page is bad, the digest if the worker broke.
    return read.onWorker.catch(() => this.digestHere(read));
  }

  close(): void {
    this.pages.close();
  }

  private digestHere(read: Read): PageDigest {
    return (read.here ??= digestLogPage(read.page.text, read.page.count, this.algorithm));
  }

  /** To a free worker, if there is one; a worker that finishes takes the next queued page. */
  private dispatch(read: Read): boolean {
    if (read.onWorker || read.here || !this.pool) return false;
    const onWorker = this.pool.tryDigest(read.page.text, read.page.count, this.algorithm);
    if (!onWorker) return false;
    read.onWorker = onWorker;
    const done = () => {
      read.settled = true;
      this.dispatchQueued();
    };
    onWorker.then(done, done); // a page read past a failure is never awaited: its failure is dropped
    return true;
  }

  private dispatchQueued(): void {
    for (const read of this.pages.queued()) {
      if (read.onWorker || read.here) continue;
      if (!this.dispatch(read)) return;
    }
  }
}
