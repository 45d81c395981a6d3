import { EventEmitter } from 'node:events';
import type { NewEvent, RecordedEvent } from '@cluebus/contracts';
import { GENESIS_HASH, type HashAlgorithm } from '@cluebus/audit';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEventJson,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { EventIdConflictError, SealingModeError, WrongExpectedVersionError } from '../errors';
import { APPEND_FUNCTION, APPEND_FUNCTION_LOCK, APPEND_FUNCTION_SQL } from './append-function';
import { ChainSealer } from './chain-sealer';
import { appendPending } from './sealer/append-pending';
import { APPEND_PENDING_FUNCTION, APPEND_PENDING_FUNCTION_SQL } from './sealer/append-pending-function';
import { PENDING_SCHEMA } from './sealer/pending-schema';
import { withCanonicalIds } from '../canonical-event-ids';
import { SealerLoop } from './sealer/sealer-loop';
import { GroupWriter } from './group-writer';
import { PollingSubscription } from '../subscription/polling-subscription';
import type { Upcaster } from '../upcasting/upcaster';
import { EVENT_STORE_SCHEMA, NOTIFY_CHANNEL } from './schema';
import type { SqlClient, SqlExecutor } from './sql-client';

/** A row of cluebus_events as the drivers return it. */
export interface EventRow {
  global_position: string | number;
  stream_id: string;
  stream_position: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date | string;
  prev_hash: string;
  hash: string;
}

type EventJsonRow = Omit<EventRow, 'data' | 'metadata'> & { data: string; metadata: string };

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expectedVersion: ExpectedVersion;
}

const COLUMNS =
  'global_position, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

export interface SqlEventStoreOptions {
  hashAlgorithm?: HashAlgorithm;
  upcaster?: Upcaster;
  /** Fallback poll interval of subscriptions when no notification arrives (ms). */
  pollIntervalMs?: number;
  /**
   * How positions are assigned (docs/adr/0009). 'inline' (default; always on PGlite): under the
   * head row lock at commit (ADR 0002). 'sealer' (PostgreSQL): appends commit concurrently and
   * a sealer assigns positions and the chain afterwards; some process must run the sealer
   * (the `sealer` singleton processor, or `runSealer`).
   */
  sealing?: 'inline' | 'sealer';
  /** With sealing 'sealer': run a sealer loop in this store without a lease (tests, one-process tools). */
  runSealer?: boolean;
  /** With sealing 'sealer': what append does when the caller does not say (default false). */
  waitForSealByDefault?: boolean;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /**
   * Sealing 'sealer' only: resolve once the events have their global positions and chain
   * hashes. Without it the result's positions and hashes are 0 and '' (not sealed yet); stream
   * positions and versions are exact either way.
   */
  waitForSeal?: boolean;
}

/** The EventStore on SQL (PostgreSQL or PGlite). */
export class SqlEventStore implements EventStore {
  private readonly appended = new EventEmitter();
  private unlisten?: () => Promise<void>;
  private readonly algorithm: HashAlgorithm;
  private readonly writer = new GroupWriter<PendingAppend, AppendResult>((group) => this.commitGroup(group));
  /** The head as this process last committed or read it under the lock: the fast path's guess. */
  private knownHead?: { position: number; hash: string };
  /** Groups left to commit on the locked path after a fast attempt missed (doubles per miss). */
  private fastPathPause = 0;
  private fastPathBackoff = 1;
  private sealerLoop?: SealerLoop;

  private constructor(
    readonly sql: SqlClient,
    private readonly options: SqlEventStoreOptions,
  ) {
    this.algorithm = options.hashAlgorithm ?? 'sha256';
    this.appended.setMaxListeners(0);
  }

  static async open(sql: SqlClient, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    const store = new SqlEventStore(sql, options);
    await sql.exec(EVENT_STORE_SCHEMA);
    // The function is versioned by name (a changed body gets a new name), so one that exists is
    // the right one: create it only when missing. That keeps start-up free of DDL once the
    // migration role has run it (a service role may not replace functions, ADR 0007). The
    // lock: CREATE from processes starting together can collide in the catalog.
    await installFunction(sql, APPEND_FUNCTION, APPEND_FUNCTION_SQL);
    await sql.query(
      `INSERT INTO cluebus_log_head (id, global_position, hash, hash_algorithm) VALUES (1, 0, $1, $2) ON CONFLICT (id) DO NOTHING`,
      [GENESIS_HASH, store.algorithm],
    );
    const { rows } = await sql.query<{ hash_algorithm: string }>(`SELECT hash_algorithm FROM cluebus_log_head WHERE id = 1`);
    if (rows[0].hash_algorithm !== store.algorithm) {
      throw new Error(`event store was created with ${rows[0].hash_algorithm}; cannot open it with ${store.algorithm}`);
    }
    // Appends from other processes (other department services) wake our subscriptions too.
    store.unlisten = await sql.listen(NOTIFY_CHANNEL, () => store.appended.emit('appended'));
    if (store.sealed) {
      await sql.exec(PENDING_SCHEMA);
      // From now on inline appends of any process are refused (SealingModeError): they would not see the queue.
      await SqlEventStore.switchSealing(sql, 'sealer');
      await installFunction(sql, APPEND_PENDING_FUNCTION, APPEND_PENDING_FUNCTION_SQL);
      if (options.runSealer) {
        store.sealerLoop = new SealerLoop(sql, { algorithm: store.algorithm });
        await store.sealerLoop.start();
      }
    }
    return store;
  }

  /**
   * Switches who assigns the store's positions (docs/adr/0009). To 'sealer': what opening a store
   * in that mode does anyway. Back to 'inline': only once nothing is queued for a sealer, and
   * only after every process appending in sealer mode has stopped (a queued append after the
   * switch would meet inline appends again); refused otherwise.
   */
  static async switchSealing(sql: SqlClient, sealing: 'inline' | 'sealer'): Promise<void> {
    if (sealing === 'sealer') {
      await sql.query(`UPDATE cluebus_log_head SET sealing = 'sealer' WHERE id = 1 AND sealing <> 'sealer'`); // no new row version when it says so already
      return;
    }
    const queue = (await sql.query<{ exists: boolean }>(`SELECT to_regclass('cluebus_pending') IS NOT NULL AS exists`)).rows[0].exists;
    const { rows } = await sql.query<{ switched: boolean }>(
      `UPDATE cluebus_log_head SET sealing = 'inline' WHERE id = 1${queue ? ' AND NOT EXISTS (SELECT 1 FROM cluebus_pending)' : ''} RETURNING true AS switched`,
    );
    if (rows.length === 0) throw new Error('switchSealing: events are still queued for the sealer; let it seal them first');
  }

  get hashAlgorithm(): HashAlgorithm {
    return this.algorithm;
  }

  /** True when a sealer assigns positions (docs/adr/0009); PGlite always seals inline. */
  get sealed(): boolean {
    return this.options.sealing === 'sealer' && this.sql.dialect === 'postgres';
  }

  append(streamId: string, given: NewEvent[], { expectedVersion, waitForSeal }: AppendOptions): Promise<AppendResult> {
    if (given.length === 0) return Promise.reject(new RangeError('append: no events'));
    let events: NewEvent[];
    try {
      events = withCanonicalIds(given);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.sealed) return this.appendConcurrently(streamId, events, expectedVersion, waitForSeal ?? this.options.waitForSealByDefault ?? false);
    return this.writer.submit({ streamId, events, expectedVersion });
  }

  /** The concurrent path (docs/adr/0009): commit now, positions from the sealer. */
  private async appendConcurrently(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion, waitForSeal: boolean): Promise<AppendResult> {
    const appended = await appendPending(this.sql, streamId, events, expectedVersion);
    // A replay is the same ids at the same places (replay()), so they are what to wait for either way.
    const ids = events.map((e) => e.eventId);
    if (!waitForSeal) {
      // What readStream would answer now, known without asking: the events as queued (not sealed
      // yet: position 0, no hash). Reading them back was a second round trip per append. A
      // replay reads what the first append stored, which may be sealed by now.
      const stored = appended.recordedAt
        ? events.map((e, i): RecordedEvent => ({ ...e, streamId, streamPosition: appended.streamPositions[i], globalPosition: 0, recordedAt: appended.recordedAt!, prevHash: '', hash: '' }))
        : await this.readStream(streamId, { fromPosition: appended.streamPositions[0], maxCount: events.length, raw: true });
      return { nextExpectedVersion: appended.nextExpectedVersion, lastGlobalPosition: stored[stored.length - 1]?.globalPosition ?? 0, events: stored, idempotentReplay: appended.idempotentReplay };
    }
    const sealed = await this.waitUntilSealed(ids);
    return { nextExpectedVersion: appended.nextExpectedVersion, lastGlobalPosition: sealed[sealed.length - 1].globalPosition, events: sealed, idempotentReplay: appended.idempotentReplay };
  }

  /** Resolves with the sealed events once all of `ids` are in the history (woken by the sealer's NOTIFY, polled as a fallback). */
  private async waitUntilSealed(ids: string[]): Promise<RecordedEvent[]> {
    for (;;) {
      const { rows } = await this.sql.query<EventRow>(`SELECT ${COLUMNS} FROM cluebus_events WHERE event_id = ANY($1::uuid[]) ORDER BY global_position`, [ids]);
      if (rows.length === ids.length) return rows.map(toRecorded);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.appended.off('appended', done);
          this.appended.off('closed', done);
          resolve();
        };
        const timer = setTimeout(done, 25);
        this.appended.once('appended', done);
        this.appended.once('closed', done);
      });
    }
  }

  /**
   * Commits a group of appends: in one statement when this process knows the head (the fast
   * path), else in one transaction under the writers' lock. Either way concurrent writers of
   * this process share one commit (group commit), which keeps a serialised, hash-chained log
   * fast, and each append is still checked on its own.
   */
  private async commitGroup(group: PendingAppend[]): Promise<Array<AppendResult | Error>> {
    const fast = this.planFastPath(group);
    if (fast && (await this.commitFastPath(fast))) {
      this.appended.emit('appended');
      return fast.results;
    }
    return this.commitLocked(group);
  }

  /**
   * The fast path, when every append names the version it expects, no event id repeats, and the
   * head is known: seal the group from the known head and call the append function
   * (append-function.ts) once: it moves the head only from the head assumed (taking the head
   * row lock), checks every stream version, inserts the rows (a stored event id fails on the
   * unique index) and notifies. If anything differs, nothing is written and the group goes the
   * locked path, which answers each append exactly (refusal, idempotent replay).
   * One round trip instead of five (docs/adr/0005).
   */
  private planFastPath(group: PendingAppend[]): FastGroup | undefined {
    if (!this.knownHead) return undefined;
    if (this.fastPathPause > 0) {
      this.fastPathPause -= 1;
      return undefined;
    }
    const expected = new Map<string, number>();
    const ids = new Set<string>();
    const sealer = new ChainSealer(this.knownHead.position, this.knownHead.hash, this.algorithm);
    const results: AppendResult[] = [];
    for (const append of group) {
      const { expectedVersion } = append;
      if (expectedVersion !== 'no-stream' && typeof expectedVersion !== 'number') return undefined;
      const wanted = expectedVersion === 'no-stream' ? -1 : expectedVersion;
      const current = sealer.versions.get(append.streamId);
      if (current === undefined) expected.set(append.streamId, wanted);
      else if (current !== wanted) return undefined; // the locked path refuses it properly
      for (const e of append.events) {
        if (ids.has(e.eventId)) return undefined;
        ids.add(e.eventId);
      }
      results.push(sealer.seal(append.streamId, append.events, wanted));
    }
    return { results, sealed: sealer.sealed, expected, from: this.knownHead, to: sealer.head };
  }

  private async commitFastPath(plan: FastGroup): Promise<boolean> {
    let moved = false;
    try {
      const { rows } = await this.sql.query<{ moved: boolean }>(`SELECT ${APPEND_FUNCTION}($1, $2, $3, $4, $5, $6, $7, $8) AS moved`, [
        plan.from.position,
        plan.from.hash,
        plan.to.position,
        plan.to.hash,
        JSON.stringify(plan.sealed.map(toRow)),
        [...plan.expected.keys()],
        [...plan.expected.values()],
        NOTIFY_CHANNEL,
      ]);
      moved = rows[0]?.moved === true;
    } catch {
      moved = false; // a stream moved on, an id is stored, a value refused: the locked path answers per append
    }
    if (moved) {
      this.knownHead = plan.to;
      this.fastPathBackoff = 1;
    } else {
      // Another process appended (or a check failed): take the lock for a while, then retry.
      this.knownHead = undefined;
      this.fastPathPause = this.fastPathBackoff;
      this.fastPathBackoff = Math.min(this.fastPathBackoff * 2, 1024);
    }
    return moved;
  }

  /**
   * The locked path: ONE transaction under the writers' lock (head row FOR UPDATE). One that
   * fails its expected version is refused without affecting the others.
   */
  private async commitLocked(group: PendingAppend[]): Promise<Array<AppendResult | Error>> {
    let headAfter: { position: number; hash: string } | undefined;
    const outcomes = await this.sql.transaction(async (tx) => {
      const head = (await tx.query<{ global_position: string | number; hash: string; sealing: string }>(
        `SELECT global_position, hash, sealing FROM cluebus_log_head WHERE id = 1 FOR UPDATE`,
      )).rows[0];
      if (head.sealing !== 'inline') throw new SealingModeError();
      const streams = [...new Set(group.map((a) => a.streamId))];
      const ids = group.flatMap((a) => a.events.map((e) => e.eventId));
      const versions = new Map<string, number>();
      const probe = await tx.query<{ stream_id: string | null; version: number | null; event_id: string | null }>(
        `SELECT stream_id, max(stream_position) AS version, NULL AS event_id FROM cluebus_events WHERE stream_id = ANY($1) GROUP BY stream_id
         UNION ALL SELECT NULL, NULL, event_id::text FROM cluebus_events WHERE event_id = ANY($2::uuid[])`,
        [streams, ids],
      );
      const stored = new Set<string>();
      for (const row of probe.rows) {
        if (row.event_id) stored.add(row.event_id);
        else versions.set(row.stream_id!, Number(row.version));
      }
      const sealer = new ChainSealer(Number(head.global_position), head.hash, this.algorithm, versions);
      const results: Array<AppendResult | Error | 'replay'> = [];
      for (const append of group) {
        if (append.events.some((e) => stored.has(e.eventId))) {
          results.push('replay');
          continue;
        }
        const current = versions.get(append.streamId) ?? -1;
        const refused = expectedVersionError(append.streamId, append.expectedVersion, current);
        if (refused) {
          results.push(refused);
          continue;
        }
        append.events.forEach((e) => stored.add(e.eventId));
        results.push(sealer.seal(append.streamId, append.events, current));
      }
      if (sealer.sealed.length > 0) await insertEventsAndMoveHead(tx, sealer.sealed, sealer.head.position, sealer.head.hash);
      headAfter = sealer.head;
      // Replays are answered from what is committed (including this group's own writes).
      return Promise.all(
        results.map((r, i) => (r === 'replay' ? this.idempotentReplay(tx, group[i].streamId, group[i].events.map((e) => e.eventId)).catch((e: Error) => e) : r)),
      );
    });
    this.knownHead = headAfter; // committed: the next group may take the fast path from here
    if (outcomes.some((o) => !(o instanceof Error) && !o.idempotentReplay)) this.appended.emit('appended');
    return outcomes;
  }

  /** KurrentDB semantics: re-appending the same ids to the same stream at the same place is a no-op. */
  private async idempotentReplay(tx: SqlExecutor, streamId: string, ids: string[]): Promise<AppendResult> {
    const { rows } = await tx.query<EventRow>(`SELECT ${COLUMNS} FROM cluebus_events WHERE event_id = ANY($1::uuid[]) ORDER BY global_position`, [ids]);
    const found = rows.map(toRecorded);
    const sameAppend =
      found.length === ids.length &&
      found.every((e, i) => e.streamId === streamId && e.eventId === ids[i] && (i === 0 || e.streamPosition === found[i - 1].streamPosition + 1));
    if (!sameAppend) {
      const clash = found.find((e) => e.streamId !== streamId) ?? found[0];
      throw new EventIdConflictError(clash.eventId, `already stored in ${clash.streamId} at ${clash.streamPosition}, not as this append`);
    }
    const last = found[found.length - 1];
    return { nextExpectedVersion: last.streamPosition, lastGlobalPosition: last.globalPosition, events: found, idempotentReplay: true };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    // With a sealer, a stream's committed events not sealed yet follow its sealed ones (a
    // command reads its own writes); they carry global position 0 and empty hashes until sealed.
    // One statement, so an event moved by the sealer meanwhile is seen exactly once.
    const { rows } = await this.sql.query<EventRow>(
      this.sealed
        ? `SELECT * FROM (
             SELECT ${COLUMNS} FROM cluebus_events WHERE stream_id = $1 AND stream_position >= $2
             UNION ALL
             SELECT 0, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, '', '' FROM cluebus_pending WHERE stream_id = $1 AND stream_position >= $2
           ) s ORDER BY stream_position LIMIT $3`
        : `SELECT ${COLUMNS} FROM cluebus_events WHERE stream_id = $1 AND stream_position >= $2 ORDER BY stream_position LIMIT $3`,
      [streamId, options.fromPosition ?? 0, options.maxCount ?? 2 ** 31 - 1],
    );
    return this.decode(rows, options.raw);
  }

  async readStreams(streamIds: readonly string[], options: { raw?: boolean } = {}): Promise<RecordedEvent[]> {
    if (streamIds.length === 0) return [];
    const { rows } = await this.sql.query<EventRow>(`SELECT ${COLUMNS} FROM cluebus_events WHERE stream_id = ANY($1::text[]) ORDER BY global_position`, [[...new Set(streamIds)]]);
    return this.decode(rows, options.raw);
  }

  async readStreamsAsJson(streamIds: readonly string[]): Promise<StoredEventJson[]> {
    if (streamIds.length === 0) return [];
    // jsonb as text: the server's output function, nothing parsed here; every other column as readStreams reads it.
    const { rows } = await this.sql.query<EventJsonRow>(
      `SELECT global_position, stream_id, stream_position, event_id, type, schema_version, data::text AS data, metadata::text AS metadata, recorded_at, prev_hash, hash
         FROM cluebus_events WHERE stream_id = ANY($1::text[]) ORDER BY global_position`,
      [[...new Set(streamIds)]],
    );
    return rows.map((row) => {
      const { data: _data, metadata: _metadata, ...envelope } = toRecorded(row as unknown as EventRow);
      return { ...envelope, dataJson: row.data, metadataJson: row.metadata };
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const params: unknown[] = [options.after ?? 0, options.maxCount ?? 2 ** 31 - 1];
    let asOf = '';
    if (options.asOf) {
      params.push(options.asOf.toISOString());
      asOf = 'AND recorded_at <= $3';
    }
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${COLUMNS} FROM cluebus_events WHERE global_position > $1 ${asOf} ORDER BY global_position LIMIT $2`,
      params,
    );
    return this.decode(rows, options.raw);
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.sql.query<{ global_position: string | number }>(`SELECT global_position FROM cluebus_log_head WHERE id = 1`);
    return Number(rows[0].global_position);
  }

  subscribeToAll(handler: (events: RecordedEvent[]) => Promise<void>, options: SubscribeOptions): Subscription {
    return new PollingSubscription(
      (after, max) => this.readAll({ after, maxCount: max }),
      this.appended,
      handler,
      { ...options, pollIntervalMs: this.options.pollIntervalMs ?? 500 },
    );
  }

  /** Pending events not sealed yet (0 with inline sealing): for /health and the seal-lag bench. */
  async pendingCount(): Promise<number> {
    if (!this.sealed) return 0;
    const { rows } = await this.sql.query<{ n: string }>(`SELECT count(*) AS n FROM cluebus_pending`);
    return Number(rows[0].n);
  }

  async close(): Promise<void> {
    await this.sealerLoop?.stop();
    await this.unlisten?.();
    this.appended.emit('closed');
    await this.sql.close();
  }

  private decode(rows: EventRow[], raw?: boolean): RecordedEvent[] {
    const events = rows.map(toRecorded);
    return raw || !this.options.upcaster ? events : events.map((e) => this.options.upcaster!.upcast(e));
  }
}

/** Creates a versioned function only when missing (see the comment in open); the lock: processes starting together. */
async function installFunction(sql: SqlClient, name: string, createSql: string): Promise<void> {
  await sql.transaction(async (tx) => {
    const { rows } = await tx.query(`SELECT 1 FROM pg_proc WHERE proname = $1`, [name]);
    if (rows.length > 0) return;
    await tx.query(`SELECT pg_advisory_xact_lock(${APPEND_FUNCTION_LOCK})`);
    const again = await tx.query(`SELECT 1 FROM pg_proc WHERE proname = $1`, [name]);
    if (again.rows.length === 0) await tx.query(createSql);
  });
}

function expectedVersionError(streamId: string, expected: ExpectedVersion, current: number): Error | undefined {
  const ok =
    expected === 'any' ||
    (expected === 'no-stream' && current === -1) ||
    (expected === 'stream-exists' && current >= 0) ||
    expected === current;
  return ok ? undefined : new WrongExpectedVersionError(streamId, expected, current);
}

/** Inserts the rows, moves the head and notifies, in one statement (inside the locked transaction). */
async function insertEventsAndMoveHead(tx: SqlExecutor, events: RecordedEvent[], position: number, hash: string): Promise<void> {
  await tx.query(
    `WITH ins AS (INSERT INTO cluebus_events (${COLUMNS}) SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${ROW_TYPES}) RETURNING 1),
          head AS (UPDATE cluebus_log_head SET global_position = $2, hash = $3 WHERE id = 1 RETURNING 1)
     SELECT pg_notify($4, $5)`,
    [JSON.stringify(events.map(toRow)), position, hash, NOTIFY_CHANNEL, String(position)],
  );
}

interface FastGroup {
  results: AppendResult[];
  sealed: RecordedEvent[];
  /** Version each stream must be at before the group (first append to it), -1 = no stream. */
  expected: Map<string, number>;
  from: { position: number; hash: string };
  to: { position: number; hash: string };
}

/** Column definitions of jsonb_to_recordset, in COLUMNS order. */
const ROW_TYPES =
  'global_position bigint, stream_id text, stream_position integer, event_id uuid, type text, schema_version integer, data jsonb, metadata jsonb, recorded_at timestamptz, prev_hash text, hash text';

function toRow(e: RecordedEvent): Record<string, unknown> {
  return {
    global_position: e.globalPosition,
    stream_id: e.streamId,
    stream_position: e.streamPosition,
    event_id: e.eventId,
    type: e.type,
    schema_version: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    recorded_at: e.recordedAt,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}


function toRecorded(row: EventRow): RecordedEvent {
  return {
    globalPosition: Number(row.global_position),
    streamId: row.stream_id,
    streamPosition: Number(row.stream_position),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: (row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at)).toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The row mapping, for readers that must see rows exactly as stored inside their own transaction (audit). */
export { COLUMNS as EVENT_COLUMNS, toRecorded as toRecordedEvent };
