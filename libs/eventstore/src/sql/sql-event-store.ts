import { EventEmitter } from 'node:events';
import type { NewEvent, RecordedEvent } from '@cluebus/contracts';
import { chainHash, GENESIS_HASH, type HashAlgorithm } from '@cluebus/audit';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { EventIdConflictError, WrongExpectedVersionError } from '../errors';
import { GroupWriter } from './group-writer';
import { PollingSubscription } from '../subscription/polling-subscription';
import type { Upcaster } from '../upcasting/upcaster';
import { EVENT_STORE_SCHEMA, NOTIFY_CHANNEL } from './schema';
import type { SqlClient, SqlExecutor } from './sql-client';

interface EventRow {
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
}

/** The EventStore on SQL (PostgreSQL or PGlite). */
export class SqlEventStore implements EventStore {
  private readonly appended = new EventEmitter();
  private unlisten?: () => Promise<void>;
  private readonly algorithm: HashAlgorithm;
  private readonly writer = new GroupWriter<PendingAppend, AppendResult>((group) => this.commitGroup(group));

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
    return store;
  }

  get hashAlgorithm(): HashAlgorithm {
    return this.algorithm;
  }

  append(streamId: string, events: NewEvent[], { expectedVersion }: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new RangeError('append: no events'));
    return this.writer.submit({ streamId, events, expectedVersion });
  }

  /**
   * Commits a group of appends in ONE transaction under the writers' lock: concurrent writers
   * of this process share one commit (group commit), which is what keeps a serialised,
   * hash-chained log fast. Each append is still checked on its own; one that fails its
   * expected version is refused without affecting the others.
   */
  private async commitGroup(group: PendingAppend[]): Promise<Array<AppendResult | Error>> {
    const outcomes = await this.sql.transaction(async (tx) => {
      const head = (await tx.query<{ global_position: string | number; hash: string }>(
        `SELECT global_position, hash FROM cluebus_log_head WHERE id = 1 FOR UPDATE`,
      )).rows[0];
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
      let position = Number(head.global_position);
      let prevHash = head.hash;
      const sealed: RecordedEvent[] = [];
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
        const recorded = this.seal(append.streamId, append.events, current, position, prevHash);
        append.events.forEach((e) => stored.add(e.eventId));
        const last = recorded[recorded.length - 1];
        versions.set(append.streamId, last.streamPosition);
        position = last.globalPosition;
        prevHash = last.hash;
        sealed.push(...recorded);
        results.push({ nextExpectedVersion: last.streamPosition, lastGlobalPosition: last.globalPosition, events: recorded, idempotentReplay: false });
      }
      if (sealed.length > 0) {
        await insertEvents(tx, sealed);
        await tx.query(
          `WITH head AS (UPDATE cluebus_log_head SET global_position = $1, hash = $2 WHERE id = 1) SELECT pg_notify($3, $4)`,
          [position, prevHash, NOTIFY_CHANNEL, String(position)],
        );
      }
      // Replays are answered from what is committed (including this group's own writes).
      return Promise.all(
        results.map((r, i) => (r === 'replay' ? this.idempotentReplay(tx, group[i].streamId, group[i].events.map((e) => e.eventId)).catch((e: Error) => e) : r)),
      );
    });
    if (outcomes.some((o) => !(o instanceof Error) && !o.idempotentReplay)) this.appended.emit('appended');
    return outcomes;
  }

  /** Stamp positions, time and chain hashes onto new events (inside the writers' lock). */
  private seal(streamId: string, events: NewEvent[], version: number, headPosition: number, headHash: string): RecordedEvent[] {
    const recordedAt = new Date().toISOString();
    let prevHash = headHash;
    return events.map((e, i) => {
      const unsealed = {
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: e.metadata,
        streamId,
        streamPosition: version + 1 + i,
        globalPosition: headPosition + 1 + i,
        recordedAt,
      };
      const hash = chainHash(prevHash, unsealed, this.algorithm);
      const sealed: RecordedEvent = { ...unsealed, prevHash, hash };
      prevHash = hash;
      return sealed;
    });
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
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${COLUMNS} FROM cluebus_events WHERE stream_id = $1 AND stream_position >= $2 ORDER BY stream_position LIMIT $3`,
      [streamId, options.fromPosition ?? 0, options.maxCount ?? 2 ** 31 - 1],
    );
    return this.decode(rows, options.raw);
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

  async close(): Promise<void> {
    await this.unlisten?.();
    this.appended.emit('closed');
    await this.sql.close();
  }

  private decode(rows: EventRow[], raw?: boolean): RecordedEvent[] {
    const events = rows.map(toRecorded);
    return raw || !this.options.upcaster ? events : events.map((e) => this.options.upcaster!.upcast(e));
  }
}

function expectedVersionError(streamId: string, expected: ExpectedVersion, current: number): Error | undefined {
  const ok =
    expected === 'any' ||
    (expected === 'no-stream' && current === -1) ||
    (expected === 'stream-exists' && current >= 0) ||
    expected === current;
  return ok ? undefined : new WrongExpectedVersionError(streamId, expected, current);
}

async function insertEvents(tx: SqlExecutor, events: RecordedEvent[]): Promise<void> {
  const params: unknown[] = [];
  const tuples = events.map((e) => {
    const base = params.length;
    params.push(e.globalPosition, e.streamId, e.streamPosition, e.eventId, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), e.recordedAt, e.prevHash, e.hash);
    return `(${Array.from({ length: 11 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
  });
  await tx.query(`INSERT INTO cluebus_events (${COLUMNS}) VALUES ${tuples.join(', ')}`, params);
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
