import type { RecordedEvent } from '@cluebus/contracts';
import { PgliteSqlClient, PostgresSqlClient, type SqlClient, type SqlExecutor } from '@cluebus/eventstore';
import { createTestDatabase } from '../../../../test/support/postgres-database';
import { IdempotentProjector, type Projection } from './idempotent-projector';

const event = (n: number): RecordedEvent => ({
  eventId: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  type: 'ClueRegistered',
  schemaVersion: 1,
  data: {},
  metadata: { department: 'nhc:341300', actor: 'x', occurredAt: '2026-01-01T00:00:00.000Z', causationId: 'c', correlationId: 'c' },
  streamId: 'clue-1',
  streamPosition: n - 1,
  globalPosition: n,
  recordedAt: '2026-01-01T00:00:00.000Z',
  prevHash: '',
  hash: '',
});

/** A deliberately non-idempotent effect: one row per application, no key. A double apply shows. */
class ProbeProjection implements Projection {
  readonly name = 'probe';
  readonly schema = `CREATE TABLE IF NOT EXISTS probe_applied (global_position bigint NOT NULL)`;
  failAt?: number;
  async apply(tx: SqlExecutor, e: RecordedEvent): Promise<void> {
    if (e.globalPosition === this.failAt) throw new Error('effect failed');
    await tx.query(`INSERT INTO probe_applied (global_position) VALUES ($1)`, [e.globalPosition]);
  }
}

describe.each([
  ['PGlite', async () => ({ sql: (await PgliteSqlClient.open()) as SqlClient, drop: async () => undefined })],
  [
    'PostgreSQL',
    async () => {
      const db = await createTestDatabase('cluebus_projector');
      return { sql: new PostgresSqlClient({ connectionString: db.url }) as SqlClient, drop: db.drop };
    },
  ],
])('IdempotentProjector.handleBatch on %s', (_, open) => {
  let sql: SqlClient;
  let drop: () => Promise<void>;
  let probe: ProbeProjection;
  let projector: IdempotentProjector;
  const applied = async () => (await sql.query<{ p: string }>(`SELECT global_position AS p FROM probe_applied ORDER BY global_position`)).rows.map((r) => Number(r.p));

  beforeEach(async () => {
    ({ sql, drop } = await open());
    probe = new ProbeProjection();
    projector = new IdempotentProjector(sql, probe);
    await projector.init();
  });
  afterEach(async () => {
    await sql.close();
    await drop();
  });

  it('given a batch with an event twice and a redelivered earlier batch, when applied, then every effect ran exactly once, in order', async () => {
    expect(await projector.handleBatch([event(1), event(2)])).toEqual({ applied: 2, duplicates: 0 });
    expect(await projector.handleBatch([event(2), event(3), event(3), event(4)])).toEqual({ applied: 2, duplicates: 2 });
    expect(await applied()).toEqual([1, 2, 3, 4]);
  });

  it('given an effect that fails inside a batch, when applied, then nothing of the batch is kept (marks included) and a retry applies it whole', async () => {
    probe.failAt = 6;
    await expect(projector.handleBatch([event(5), event(6), event(7)])).rejects.toThrow('effect failed');
    expect(await applied()).toEqual([]);
    probe.failAt = undefined;
    expect(await projector.handleBatch([event(5), event(6), event(7)])).toEqual({ applied: 3, duplicates: 0 });
    expect(await applied()).toEqual([5, 6, 7]);
  });
});
