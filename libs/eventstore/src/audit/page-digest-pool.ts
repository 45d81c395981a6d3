import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from '@cluebus/audit/event-hash';
import type { PageDigest } from './page-digest';
import type { DigestReply, DigestRequest } from './page-digest.worker';

/**
 * Worker threads that digest pages of the log for verifyStore (page-digest.ts): parsing,
 * canonical encoding and the two hashes per event are most of verify's cost and need no other
 * event, so they run beside the thread that reads and checks the order.
 *
 * One pool per process, started on first use and kept while verifications come (starting a
 * worker costs about as much as digesting a page or two); idle workers do not keep the process
 * alive and end after IDLE_MS without work.
 */
const IDLE_MS = 30_000;

/**
 * The worker's module, and how to load it: compiled (dist) it is the .js beside this file;
 * from the sources (ts-node, ts-jest) it is the .ts, loaded through ts-node and the tsconfig's
 * path aliases in the worker, which has no loader of its own.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const load = require('node:module').createRequire(workerData.entry);
if (workerData.project) {
  const paths = load('tsconfig-paths');
  const config = paths.loadConfig(require('node:path').dirname(workerData.project));
  paths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
  load('ts-node').register({ transpileOnly: true, project: workerData.project });
}
load(workerData.entry);
`;

function workerModule(): { entry: string; project?: string } {
  if (__filename.endsWith('.js')) return { entry: join(__dirname, 'page-digest.worker.js') };
  let dir = __dirname;
  while (!existsSync(join(dir, 'tsconfig.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('verify workers: no tsconfig.json above the sources');
    dir = up;
  }
  return { entry: join(__dirname, 'page-digest.worker.ts'), project: join(dir, 'tsconfig.json') };
}

interface Pending {
  resolve: (digest: PageDigest) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Its module is loaded: until then its pages are digested by the caller. */
  ready: boolean;
  pending: Map<number, Pending>;
}

/**
 * Pages given to a worker at a time. One: a worker that finishes is handed the next page at
 * once (DigestedPages), and pages no worker holds are left for the reading thread to take.
 */
const QUEUE_PER_WORKER = 1;

export class PageDigestPool {
  private static current?: PageDigestPool;
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private idleTimer?: NodeJS.Timeout;
  private closed = false;
  private readonly loaded: Promise<void>;
  private loadFailed?: (error: Error) => void;
  /** Pages the workers have digested (what the tests and the bench look at). */
  pagesDigested = 0;

  /** The process's pool, started with `size` workers if there is none (or it broke). */
  static shared(size: number): PageDigestPool {
    const pool = PageDigestPool.current;
    if (pool && !pool.closed && pool.slots.length === size) return pool;
    void pool?.close();
    return (PageDigestPool.current = new PageDigestPool(size));
  }

  constructor(size: number) {
    const workerData = workerModule();
    const loaded: Array<Promise<void>> = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData, execArgv: [] });
      const slot: Slot = { worker, ready: false, pending: new Map() };
      worker.unref();
      loaded.push(new Promise<void>((resolve) => worker.on('message', (reply: DigestReply) => 'ready' in reply && resolve())));
      worker.on('message', (reply: DigestReply) => this.settle(slot, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`verify worker exited (code ${code})`)));
      this.slots.push(slot);
    }
    const failed = new Promise<never>((_, reject) => (this.loadFailed = reject));
    this.loaded = Promise.race([Promise.all(loaded).then(() => undefined), failed]);
    this.loaded.catch(() => undefined); // a failure is for ready()'s callers, not an unhandled rejection
    failed.catch(() => undefined);
  }

  /** Resolves once every worker has loaded its module, rejects if one fails (verifyStore does not wait for it). */
  ready(): Promise<void> {
    return this.loaded;
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * Digest of a page by a worker that has room for it, or undefined when none has (all busy,
   * or still starting): the caller then digests the page itself. So pages go to the workers
   * only as fast as they keep up, and on a machine busy with other work the reading thread
   * does more of it itself.
   */
  tryDigest(text: string, count: number, algorithm: HashAlgorithm): Promise<PageDigest> | undefined {
    if (this.closed) return undefined;
    let slot: Slot | undefined;
    for (const s of this.slots) if (s.ready && s.pending.size < QUEUE_PER_WORKER && (!slot || s.pending.size < slot.pending.size)) slot = s;
    if (!slot) return undefined;
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    return new Promise<PageDigest>((resolve, reject) => {
      const target = slot!;
      // Work in flight keeps the process alive (a CLI awaiting it has nothing else pending).
      if (target.pending.size === 0) target.worker.ref();
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, text, count, algorithm } satisfies DigestRequest);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.loadFailed?.(new Error('verify workers are closed'));
    clearTimeout(this.idleTimer);
    if (PageDigestPool.current === this) PageDigestPool.current = undefined;
    this.rejectAll(new Error('verify workers are closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private settle(slot: Slot, reply: DigestReply): void {
    if ('ready' in reply) {
      slot.ready = true;
      return;
    }
    const pending = slot.pending.get(reply.id);
    if (!pending) return;
    slot.pending.delete(reply.id);
    if (slot.pending.size === 0) slot.worker.unref();
    if ('error' in reply) pending.reject(new Error(reply.error));
    else {
      this.pagesDigested += 1;
      pending.resolve(reply.digest);
    }
    if (this.slots.every((s) => s.pending.size === 0)) {
      this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
      this.idleTimer.unref();
    }
  }

  /** A worker that fails or exits takes the pool with it: the next verification starts another. */
  private fail(error: Error): void {
    if (this.closed) return;
    this.loadFailed?.(error);
    this.rejectAll(error);
    void this.close();
  }

  private rejectAll(error: Error): void {
    for (const slot of this.slots) {
      for (const p of slot.pending.values()) p.reject(error);
      slot.pending.clear();
    }
  }
}
