import { verifyLog } from '@cluebus/audit';
import { createTestDatabase } from '../../../../../test/support/postgres-database';
import { storeEvent } from '../../../../../test/fixtures/store-events';
import { sealExactly } from '../../../../../test/support/seal-pending-events';
import { PostgresSqlClient } from '../../postgres/postgres-sql-client';
import { SqlEventStore } from '../sql-event-store';
import { PENDING_SCHEMA } from './pending-schema';

/** The queue's first layout (2026-12-02), as a database that ran the sealer then has it. */
const FIRST_LAYOUT = [
  `CREATE TABLE cluebus_pending (
    seq bigserial PRIMARY KEY, tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(), stream_id text NOT NULL, stream_position integer NOT NULL,
    event_id uuid NOT NULL UNIQUE, type text NOT NULL, schema_version integer NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
    recorded_at timestamptz NOT NULL, UNIQUE (stream_id, stream_position))`,
  `CREATE INDEX cluebus_pending_order ON cluebus_pending (tx_id, seq)`,
  `CREATE TABLE cluebus_stream_heads (stream_id text PRIMARY KEY, version integer NOT NULL)`,
  `CREATE TABLE cluebus_event_ids (event_id uuid PRIMARY KEY, stream_id text NOT NULL, stream_position integer NOT NULL)`,
];

describe('the pending queue schema (docs/adr/0009)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: SqlEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('cluebus_pending_schema');
    store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }));
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  const indexes = async () =>
    (await store.sql.query<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'cluebus_pending' ORDER BY indexname`)).rows.map((r) => r.def.replace(/^.* USING btree /, ''));

  it('given a queue of the first layout holding an event, when the schema runs, then it has the three indexes of today, no table of claimed ids, and the event is still sealed once, its chain verifying', async () => {
    for (const ddl of FIRST_LAYOUT) await store.sql.exec(ddl);
    const e = storeEvent(0);
    await store.sql.query(
      `INSERT INTO cluebus_pending (stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at) VALUES ('clue-old', 0, $1, $2, 1, $3, $4, now())`,
      [e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)],
    );
    expect(await indexes()).toHaveLength(4);

    await store.sql.exec(PENDING_SCHEMA);
    await store.sql.exec(PENDING_SCHEMA); // in place now: runs nothing

    expect(await indexes()).toEqual(['(event_id)', '(tx_id, seq)', '(stream_id, stream_position)']);
    // Gone, so that an appender of the version before, mid rolling upgrade, fails instead of queuing an id stored already.
    expect((await store.sql.query(`SELECT to_regclass('cluebus_event_ids') AS t`)).rows).toEqual([{ t: null }]);
    const sealed = await sealExactly(store.sql, 1);
    expect(sealed.map((s) => [s.streamId, s.eventId, s.globalPosition])).toEqual([['clue-old', e.eventId, 1]]);
    // A timestamp with microseconds (now()) is stored at the millisecond precision it was hashed at.
    const { rows: exact } = await store.sql.query<{ same: boolean }>(`SELECT recorded_at = date_trunc('milliseconds', recorded_at) AS same FROM cluebus_events`);
    expect(exact).toEqual([{ same: true }]);
    const stored = await store.readAll({ raw: true });
    expect(stored.map((s) => s.hash)).toEqual([sealed[0].hash]);
    expect(verifyLog(stored, [], { algorithm: 'sha256', publicKey: new Map() }).ok).toBe(true);
    expect((await store.sql.query(`SELECT 1 FROM cluebus_pending`)).rows).toEqual([]);
  });
});
