/**
 * One writer process of `npm run bench -- store`'s 8-process rows (issue #11): the production
 * shape, where every department service is its own process appending to one store. Forked by
 * the bench (IPC), it waits for `{ kind, batch, ms }`, appends one batch at a time to its own
 * stream for `ms`, and answers `{ ops, ms }`. Kinds, all on the same database and payloads:
 *
 * - `raw`: one `INSERT … VALUES` per batch into cluebus_events on one connection, autocommit —
 *   the same columns and sizes as the store's rows (hashes random, positions far from the chain);
 * - `inline`: SqlEventStore, positions and hashes assigned at commit under the head row (ADR 0002);
 * - `sealer`: SqlEventStore with `sealing: 'sealer'` (ADR 0009): the append commits to the
 *   pending queue; the bench process runs the one sealer;
 * - `emmett`: Emmett's PostgreSQL event store (test/bench/peers/emmett, installed by the bench),
 *   `appendToStream` with the expected stream version;
 * - `message-db`: Message DB's `write_message` with the expected version, one call per event in
 *   one statement (test/bench/peers/message-db: its published SQL, installed by the bench).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { NewEvent } from '@cluebus/contracts';
import { PostgresSqlClient, SqlEventStore } from '@cluebus/eventstore';
import { sampleEvents } from '../../../libs/audit/test/sample-log';
import { emmettModule, type WriterKind, type WriterResult, type WriterRun } from './store-writer-protocol';


type Append = (batch: number) => Promise<void>;

const url = process.env.DATABASE_URL ?? '';
const writer = Number(process.env.WRITER_ID ?? 0);

const payloads = sampleEvents(2000, { seed: 7 + writer });
let k = 0;
const nextPayloads = (n: number): typeof payloads => Array.from({ length: n }, () => payloads[k++ % payloads.length]);
let streams = 0;
const newStream = (kind: string) => `bench-p${writer}-${kind}-${streams++}`;

function rawWriter(): Append {
  const pool = new Pool({ connectionString: url, max: 1 });
  let position = 2e12 + writer * 1e9; // far from the chain's positions, the bench's own raw rows (1e12…) and the other writers'
  let stream = newStream('raw');
  let next = 0;
  return async (batch) => {
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const p of nextPayloads(batch)) {
      const base = params.length;
      params.push(position++, stream, next++, randomUUID(), p.type, 1, JSON.stringify(p.data), JSON.stringify(p.metadata), new Date().toISOString(), randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
      tuples.push(`(${Array.from({ length: 11 }, (_, j) => `$${base + j + 1}`).join(', ')})`);
    }
    await pool.query(
      `INSERT INTO cluebus_events (global_position, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash) VALUES ${tuples.join(', ')}`,
      params,
    );
    if (next > 10_000) [stream, next] = [newStream('raw'), 0];
  };
}

async function storeWriter(sealing: 'inline' | 'sealer'): Promise<Append> {
  const store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: url, max: 2 }), { sealing });
  let stream = newStream(sealing);
  let version = -1;
  return async (batch) => {
    const events: NewEvent[] = nextPayloads(batch).map((p) => ({ eventId: randomUUID(), type: p.type, schemaVersion: 1, data: p.data, metadata: p.metadata }));
    const result = await store.append(stream, events, { expectedVersion: version < 0 ? 'no-stream' : version });
    version = result.nextExpectedVersion;
    if (version > 10_000) [stream, version] = [newStream(sealing), -1];
  };
}

function emmettWriter(): Append {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a peer installed apart from the project's dependencies
  const { getPostgreSQLEventStore } = require(emmettModule('emmett-postgresql'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { STREAM_DOES_NOT_EXIST } = require(emmettModule('emmett'));
  const store = getPostgreSQLEventStore(url, { schema: { autoMigration: 'None' } });
  let stream = newStream('emmett');
  let version: bigint | undefined;
  return async (batch) => {
    const events = nextPayloads(batch).map((p) => ({ type: p.type, data: p.data, metadata: p.metadata }));
    const result = await store.appendToStream(stream, events, { expectedStreamVersion: version ?? STREAM_DOES_NOT_EXIST });
    version = result.nextExpectedStreamVersion as bigint;
    if (version > 10_000n) [stream, version] = [newStream('emmett'), undefined];
  };
}

/** Message DB's write_message once per event, in order, in one statement (one transaction): how a client writes a batch to it in one round trip. */
function messageDbWriter(): Append {
  const pool = new Pool({ connectionString: url, max: 1, options: '-c search_path=message_store,public' }); // its functions name their tables unqualified
  let stream = newStream('mdb');
  let version = -1;
  return async (batch) => {
    const events = nextPayloads(batch);
    await pool.query(
      `SELECT message_store.write_message(m.id, $1, m.type, m.data, m.metadata, $2 + m.ord - 1)
         FROM unnest($3::text[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS m(id, type, data, metadata, ord)
        ORDER BY m.ord`,
      [stream, version, events.map(() => randomUUID()), events.map((e) => e.type), events.map((e) => JSON.stringify(e.data)), events.map((e) => JSON.stringify(e.metadata))],
    );
    version += batch;
    if (version > 10_000) [stream, version] = [newStream('mdb'), -1];
  };
}

const writers = new Map<WriterKind, Promise<Append>>();
function writerOf(kind: WriterKind): Promise<Append> {
  let w = writers.get(kind);
  if (!w) {
    w = kind === 'raw' ? Promise.resolve(rawWriter()) : kind === 'emmett' ? Promise.resolve(emmettWriter()) : kind === 'message-db' ? Promise.resolve(messageDbWriter()) : storeWriter(kind);
    writers.set(kind, w);
  }
  return w;
}

async function run({ kind, batch, ms }: WriterRun): Promise<WriterResult> {
  const append = await writerOf(kind);
  const started = performance.now();
  const deadline = started + ms;
  let ops = 0;
  while (performance.now() < deadline) {
    await append(batch);
    ops++;
  }
  return { ops, ms: performance.now() - started };
}

process.on('message', (message: WriterRun) => {
  run(message).then(
    (result) => process.send?.({ ok: true, ...result }),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.send?.({ ready: true });
process.on('disconnect', () => process.exit(0));
