import type { RecordedEvent } from '@cluebus/contracts';
import {
  chainHashFromBytes,
  eventContentBytes,
  GENESIS_HASH,
  leafHash,
  signCheckpoint,
  verifyConsistency,
  type Checkpoint,
  type HashAlgorithm,
  type MerkleFrontierState,
  type SigningKeyPair,
} from '@cluebus/audit';
import { NOTIFY_CHANNEL } from '../sql/schema';
import type { SqlClient, SqlExecutor } from '../sql/sql-client';
import { ensureAuditSchema } from './audit-schema';
import { checkpointLog, signingKeyRegistry } from './checkpoint-log';
import { merkleNodeStore } from './merkle-node-store';
import { consistencyRanges, MerkleNodeBuilder, rangeRoot, type MerkleNode } from './merkle-nodes';
import { sqlLogReader } from './raw-log-reader';

export interface CheckpointerLogger {
  log(message: object): void;
  warn(message: object): void;
  error(message: object): void;
}

export interface CheckpointerOptions {
  signingKey: SigningKeyPair;
  /** The store's chain algorithm; checkpoints use the same. */
  algorithm?: HashAlgorithm;
  /** A checkpoint at every multiple of this many events (CLUEBUS_CHECKPOINT_EVERY). */
  every: number;
  /** …and one at the head when this long has passed with new events (CLUEBUS_CHECKPOINT_SECONDS). 0 = never by time. */
  intervalMs: number;
  /** Events read per transaction. */
  pageSize?: number;
  logger?: CheckpointerLogger;
  clock?: () => Date;
  /** Run first in every write transaction: the singleton lease's fence (a stale holder must not sign). */
  fence?: (tx: SqlExecutor) => Promise<void>;
}

export interface CheckpointerStatus {
  state: 'running' | 'halted' | 'stopped';
  /** Events covered by the checkpointer's tree (not necessarily signed yet). */
  treeSize: number;
  latestCheckpoint?: { treeSize: number; issuedAt: string };
  /** Why it stopped signing: the log no longer links up, or disagrees with what was signed. */
  haltedReason?: string;
}

interface CheckpointerState {
  treeSize: number;
  lastHash: string;
  frontier: MerkleFrontierState;
}

const silent: CheckpointerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Issues signed Merkle checkpoints over the global log (docs/adr/0005). It tails the log as
 * stored, checks every event's chain link and hash before it covers it (it never signs a log
 * that does not link up), keeps the RFC 6962 tree's right edge plus every completed subtree
 * root (for proofs), and signs a checkpoint at every multiple of `every` events and, when
 * `intervalMs` has passed with new events, at the head.
 *
 * Each page is one transaction: nodes, checkpoints and the checkpointer's own state (size, last
 * hash, frontier) commit together, so a restart resumes where it stopped without rereading the
 * log. The state row is locked FOR UPDATE, so a second checkpointer by mistake cannot fork the
 * tree; before a checkpoint is stored, a consistency proof from the previous one is built from
 * the stored nodes and checked, so no checkpoint ever contradicts an earlier one.
 *
 * Exactly one process should run it (the one that runs the relay).
 */
export class Checkpointer {
  private readonly algorithm: HashAlgorithm;
  private readonly logger: CheckpointerLogger;
  private readonly clock: () => Date;
  private readonly pageSize: number;
  private builder!: MerkleNodeBuilder;
  private lastHash = GENESIS_HASH;
  private latest?: Checkpoint;
  private lastIssuedAtMs: number;
  private halted?: string;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  private queued = false;
  private timer?: NodeJS.Timeout;
  private unlisten?: () => Promise<void>;

  private constructor(
    private readonly sql: SqlClient,
    private readonly options: CheckpointerOptions,
  ) {
    this.algorithm = options.algorithm ?? 'sha256';
    this.logger = options.logger ?? silent;
    this.clock = options.clock ?? (() => new Date());
    this.pageSize = options.pageSize ?? 1000;
    this.lastIssuedAtMs = this.clock().getTime();
    if (!Number.isSafeInteger(options.every) || options.every < 1) throw new RangeError('Checkpointer: every must be ≥ 1');
  }

  /**
   * Sets up the tables, registers the public key, resumes from the saved state (or starts from
   * the beginning of the log) and, unless `live` is false, follows appends (NOTIFY) and the clock.
   */
  static async start(sql: SqlClient, options: CheckpointerOptions, live = true): Promise<Checkpointer> {
    const checkpointer = new Checkpointer(sql, options);
    await ensureAuditSchema(sql);
    const pem = options.signingKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await signingKeyRegistry.register(sql, options.signingKey.keyId, pem);
    await checkpointer.load();
    if (live) {
      checkpointer.unlisten = await sql.listen(NOTIFY_CHANNEL, () => checkpointer.schedule(false));
      if (options.intervalMs > 0) {
        checkpointer.timer = setInterval(() => checkpointer.schedule(true), Math.min(options.intervalMs, 1000));
        checkpointer.timer.unref();
      }
      checkpointer.schedule(false);
    }
    return checkpointer;
  }

  status(): CheckpointerStatus {
    return {
      state: this.stopped ? 'stopped' : this.halted ? 'halted' : 'running',
      treeSize: this.builder.size,
      ...(this.latest ? { latestCheckpoint: { treeSize: this.latest.treeSize, issuedAt: this.latest.issuedAt } } : {}),
      ...(this.halted ? { haltedReason: this.halted } : {}),
    };
  }

  /** Covers everything appended so far and signs a checkpoint at the head if it has none. */
  async checkpointNow(): Promise<Checkpoint | undefined> {
    await this.enqueue(() => this.catchUp(true));
    if (this.halted) throw new Error(`checkpointer halted: ${this.halted}`);
    return this.latest;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.unlisten?.();
    await this.running.catch(() => undefined);
  }

  /** Coalesces triggers: at most one run waiting behind the current one. */
  private schedule(byTime: boolean): void {
    if (this.stopped || this.halted || this.queued) return;
    const timeDue = byTime && this.clock().getTime() - this.lastIssuedAtMs >= this.options.intervalMs;
    if (byTime && !timeDue) return;
    this.queued = true;
    void this.enqueue(async () => {
      this.queued = false;
      await this.catchUp(timeDue);
    }).catch((error: unknown) => this.logger.warn({ msg: 'checkpointer run failed; retrying on the next trigger', error: String(error) }));
  }

  private enqueue(run: () => Promise<void>): Promise<void> {
    const next = this.running.then(run, run);
    this.running = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<void> {
    const { rows } = await this.sql.query<{ algorithm: string; tree_size: string | number; last_hash: string; frontier: MerkleFrontierState }>(
      `SELECT algorithm, tree_size, last_hash, frontier FROM cluebus_checkpointer_state WHERE id = 1`,
    );
    this.latest = await checkpointLog.latest(this.sql);
    const saved = rows[0];
    if (saved && saved.algorithm !== this.algorithm) {
      throw new Error(`checkpointer state uses ${saved.algorithm}, the store ${this.algorithm}`);
    }
    if (saved) {
      this.builder = new MerkleNodeBuilder(this.algorithm, saved.frontier);
      this.lastHash = saved.last_hash;
      const problem = await this.resumeProblem(Number(saved.tree_size));
      if (problem) this.halt(problem);
      else this.logger.log({ msg: 'checkpointer resumed', treeSize: this.builder.size, latestCheckpoint: this.latest?.treeSize });
      return;
    }
    // First start (or the state was lost): from the beginning. Checkpoints already signed are
    // compared as the tree passes their sizes.
    this.builder = new MerkleNodeBuilder(this.algorithm);
    this.lastHash = GENESIS_HASH;
    await this.sql.query(
      `INSERT INTO cluebus_checkpointer_state (id, algorithm, tree_size, last_hash, frontier) VALUES (1, $1, 0, $2, $3) ON CONFLICT (id) DO NOTHING`,
      [this.algorithm, GENESIS_HASH, JSON.stringify(this.builder.state())],
    );
    this.logger.log({ msg: 'checkpointer starts from the beginning of the log', latestCheckpoint: this.latest?.treeSize });
  }

  /** The saved state must still describe the log: its last event, and the newest checkpoint. */
  private async resumeProblem(size: number): Promise<string | undefined> {
    if (size === 0) return undefined;
    const [event] = await sqlLogReader(this.sql).readAll({ after: size - 1, maxCount: 1, raw: true });
    if (!event || event.globalPosition !== size || event.hash !== this.lastHash) {
      return `the log no longer matches the checkpointer's saved state at position ${size}`;
    }
    if (this.latest && this.latest.treeSize === size && this.latest.rootHash !== this.builder.root().toString('hex')) {
      return `the saved tree of size ${size} does not match the signed checkpoint of that size`;
    }
    return undefined;
  }

  private halt(reason: string): void {
    this.halted = reason;
    this.logger.error({ msg: 'checkpointer halted: no further checkpoints will be signed', reason });
  }

  /** Reads and covers pages until the head; signs at multiples of `every`, and at the head when asked. */
  private async catchUp(atHead: boolean): Promise<void> {
    if (this.halted || this.stopped) return;
    const reader = sqlLogReader(this.sql);
    for (;;) {
      const page = await reader.readAll({ after: this.builder.size, maxCount: this.pageSize, raw: true });
      const atEnd = page.length < this.pageSize;
      const committed = await this.cover(page, atHead && atEnd);
      if (!committed || atEnd || this.halted || this.stopped) return;
    }
  }

  /** One transaction: the page's nodes, the checkpoints it completes, the new state. */
  private async cover(page: RecordedEvent[], signAtEnd: boolean): Promise<boolean> {
    const startSize = this.builder.size;
    const builder = new MerkleNodeBuilder(this.algorithm, this.builder.state());
    let lastHash = this.lastHash;
    const nodes: MerkleNode[] = [];
    const unsigned: Array<{ treeSize: number; rootHash: string }> = [];
    for (const event of page) {
      const p = builder.size + 1;
      let content: Buffer;
      try {
        content = eventContentBytes(event);
      } catch (error) {
        this.halt(`position ${p} cannot be canonically encoded: ${(error as Error).message}`);
        return false;
      }
      const problem = chainProblem(event, content, p, lastHash, this.algorithm);
      if (problem) {
        this.halt(problem);
        return false;
      }
      nodes.push(...builder.push(leafHash(content, this.algorithm)));
      lastHash = event.hash;
      if (p % this.options.every === 0) unsigned.push({ treeSize: p, rootHash: builder.root().toString('hex') });
    }
    const latestSize = unsigned.at(-1)?.treeSize ?? this.latest?.treeSize ?? 0;
    if (signAtEnd && builder.size > latestSize) unsigned.push({ treeSize: builder.size, rootHash: builder.root().toString('hex') });
    if (page.length === 0 && unsigned.length === 0) return false;

    const issuedAt = this.clock().toISOString();
    const signed = unsigned.map((u) =>
      signCheckpoint({ ...u, algorithm: this.algorithm, issuedAt, keyId: this.options.signingKey.keyId }, this.options.signingKey.privateKey),
    );
    let latest = this.latest;
    const outcome = await this.sql.transaction(async (tx) => {
      await this.options.fence?.(tx);
      const { rows } = await tx.query<{ tree_size: string | number }>(`SELECT tree_size FROM cluebus_checkpointer_state WHERE id = 1 FOR UPDATE`);
      if (Number(rows[0]?.tree_size) !== startSize) return 'moved' as const;
      await merkleNodeStore.insert(tx, nodes);
      for (const cp of signed) {
        const problem = await this.consistencyProblem(tx, latest, cp);
        if (problem) return problem;
        if (!(await checkpointLog.insert(tx, cp))) {
          // Signed before (e.g. the state was lost and the tree rebuilt): it must say the same.
          const existing = await checkpointLog.atSize(tx, cp.treeSize);
          if (existing?.rootHash !== cp.rootHash) return `the log differs from the signed checkpoint of size ${cp.treeSize}`;
          latest = existing;
          continue;
        }
        latest = cp;
      }
      await tx.query(`UPDATE cluebus_checkpointer_state SET tree_size = $1, last_hash = $2, frontier = $3, updated_at = now() WHERE id = 1`, [
        builder.size,
        lastHash,
        JSON.stringify(builder.state()),
      ]);
      return 'committed' as const;
    });
    if (outcome === 'moved') {
      this.logger.warn({ msg: 'another checkpointer moved the tree; reloading its state (run only one)' });
      await this.load();
      return true;
    }
    if (outcome !== 'committed') {
      this.halt(outcome);
      return false;
    }
    this.builder = builder;
    this.lastHash = lastHash;
    if (latest && latest !== this.latest) {
      this.latest = latest;
      this.lastIssuedAtMs = Date.parse(latest.issuedAt);
      this.logger.log({ msg: 'checkpoint signed', treeSize: latest.treeSize, rootHash: latest.rootHash, keyId: latest.keyId });
    }
    return true;
  }

  /** The new checkpoint must extend the previous one: checked with a proof from the stored nodes. */
  private async consistencyProblem(tx: SqlExecutor, previous: Checkpoint | undefined, next: Checkpoint): Promise<string | undefined> {
    if (!previous || previous.treeSize >= next.treeSize) return undefined;
    const ranges = consistencyRanges(previous.treeSize, next.treeSize);
    const stored = await merkleNodeStore.forRanges(tx, ranges);
    let proof: Buffer[];
    try {
      proof = ranges.map((r) => rangeRoot(r, stored, this.algorithm));
    } catch (error) {
      return `cannot prove checkpoint ${next.treeSize} extends ${previous.treeSize}: ${(error as Error).message}`;
    }
    // Roots only: the previous checkpoint may carry a key this process no longer holds (rotation).
    const extends_ = verifyConsistency(
      previous.treeSize,
      next.treeSize,
      proof,
      Buffer.from(previous.rootHash, 'hex'),
      Buffer.from(next.rootHash, 'hex'),
      this.algorithm,
    );
    return extends_ ? undefined : `checkpoint ${next.treeSize} would not extend the signed checkpoint ${previous.treeSize}`;
  }
}

/** Why `event` cannot be covered as position p after lastHash, if it cannot. */
function chainProblem(event: RecordedEvent, content: Buffer, p: number, lastHash: string, algorithm: HashAlgorithm): string | undefined {
  if (event.globalPosition !== p) return `expected global position ${p}, read ${event.globalPosition}`;
  if (event.prevHash !== lastHash) return `position ${p} does not link to position ${p - 1}`;
  if (chainHashFromBytes(event.prevHash, content, algorithm) !== event.hash) return `hash of position ${p} does not match its content`;
  return undefined;
}
