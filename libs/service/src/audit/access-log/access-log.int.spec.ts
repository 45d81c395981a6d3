import { PgliteSqlClient, PostgresSqlClient, SqlEventStore, type SqlClient } from '@cluebus/eventstore';
import { createTestDatabase } from '../../../../../test/support/postgres-database';
import type { Principal } from '../../auth/principal';
import { ACCESS_LOG_SCHEMA, AccessLog, listAccess } from './access-log';

const ENGINES: Array<[string, () => Promise<{ sql: SqlClient; drop: () => Promise<void> }>]> = [
  ['PostgreSQL', async () => {
    const db = await createTestDatabase('cluebus_access_log');
    return { sql: new PostgresSqlClient({ connectionString: db.url, max: 4 }), drop: db.drop };
  }],
  ['PGlite', async () => ({ sql: await PgliteSqlClient.open(), drop: async () => undefined })],
];

const auditor = (actor: string): Principal => ({ role: 'auditor', instance: 'auditor', actor, keyFingerprint: 'abcdef012345' });

describe.each(ENGINES)('access log on %s: rows written in groups, each caller its own id', (_engine, open) => {
  let sql: SqlClient;
  let store: SqlEventStore;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ sql, drop } = await open());
    store = await SqlEventStore.open(sql); // creates cluebus_refuse_change, which the log's triggers use
    for (const ddl of ACCESS_LOG_SCHEMA) await sql.exec(ddl);
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  it('given 120 reads recorded at once, when they are listed, then every read has one row with its own target and the id its caller was given', async () => {
    // given
    const log = new AccessLog(sql);
    const reads = Array.from({ length: 120 }, (_, i) => ({ principal: auditor(`审计-${i}`), method: 'GET', route: '/v1/blacklist', target: { uscc: `U${i}`, asOf: '2026-12-15' } }));

    // when
    const ids = await Promise.all(reads.map((r) => log.record(r)));
    const rows = await listAccess(sql, 'auditor', 0, 1000);

    // then
    expect(new Set(ids).size).toBe(120);
    expect(rows).toHaveLength(120);
    const byId = new Map(rows.map((r) => [r.id, r]));
    reads.forEach((r, i) => expect(byId.get(ids[i])).toMatchObject({ actor: r.principal.actor, route: '/v1/blacklist', target: r.target, role: 'auditor' }));
  });

  it('given the table cannot be written, when reads are recorded, then every caller is refused and the next write works again', async () => {
    // given
    const log = new AccessLog(sql);
    await sql.exec('ALTER TABLE cluebus_access_log RENAME TO cluebus_access_log_away');

    // when
    const refused = await Promise.allSettled([1, 2, 3].map((i) => log.record({ principal: auditor(`a${i}`), method: 'GET', route: '/v1/blacklist', target: {} })));
    await sql.exec('ALTER TABLE cluebus_access_log_away RENAME TO cluebus_access_log');

    // then
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await log.record({ principal: auditor('again'), method: 'GET', route: '/v1/blacklist', target: {} })).toBeGreaterThan(0);
  });
});
