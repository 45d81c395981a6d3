/**
 * Reads pages one after another, up to `depth` pages ahead of the reader's consumer: the
 * database (and the verify workers, which start on a page as soon as it is read) work while
 * the consumer checks earlier pages. next(previous) reads the page after `previous` (the first
 * when undefined), or resolves undefined at the end. Reads never overlap (a reader may be one
 * connection, inside a transaction).
 */
export class ReadAhead<T> {
  private readonly ready: T[] = [];
  private done = false;
  private failure?: { error: unknown };
  private busy = false;
  private closed = false;
  private wakeConsumer?: () => void;
  private wakeProducer?: () => void;

  /** depth 0: the next page is read only once the consumer has finished the previous one. */
  constructor(
    private readonly next: (previous: T | undefined) => Promise<T | undefined>,
    private readonly depth: number,
  ) {
    void this.produce();
  }

  /** The next page, in order; undefined at the end. Rejects with a read's error. */
  async take(): Promise<T | undefined> {
    this.busy = false;
    this.wakeProducer?.();
    while (this.ready.length === 0 && !this.done) await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    const item = this.ready.shift();
    if (item === undefined) {
      if (this.failure) throw this.failure.error;
      return undefined;
    }
    this.busy = true;
    this.wakeProducer?.();
    return item;
  }

  /** The pages read and not yet taken, in order (to work on them early; take() still hands them out). */
  queued(): readonly T[] {
    return this.ready;
  }

  /** No more pages are wanted (a read in flight is left to finish, its result dropped). */
  close(): void {
    this.closed = true;
    this.wakeProducer?.();
  }

  private room(): boolean {
    return this.ready.length + (this.busy ? 1 : 0) <= this.depth;
  }

  private async produce(): Promise<void> {
    let previous: T | undefined;
    try {
      for (;;) {
        while (!this.closed && !this.room()) await new Promise<void>((resolve) => (this.wakeProducer = resolve));
        if (this.closed) return;
        const item = await this.next(previous);
        if (item === undefined || this.closed) return;
        this.ready.push(item);
        previous = item;
        this.wakeConsumer?.();
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.done = true;
      this.wakeConsumer?.();
    }
  }
}
