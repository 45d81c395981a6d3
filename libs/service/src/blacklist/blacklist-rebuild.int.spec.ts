import { v7 as uuid } from 'uuid';
import { SUBJECT_EVENT_VERSIONS, subjectStreamId, type SubjectEvent } from '@cluebus/contracts';
import { foldEvents, SANCTION_CATALOGUE_V1, sanctionedSubjectOf, subjectDecider, type SubjectCommand } from '@cluebus/domain';
import { PgliteSqlClient, PostgresSqlClient, SqlEventStore, type SqlClient } from '@cluebus/eventstore';
import { NO_FENCE, storeProjectionProcessor, type RunningSingleton } from '@cluebus/processors';
import { BlacklistProjection, queryBlacklist, queryBlacklistByKeys, queryBlacklistChanges, type BlacklistKeyLookup } from '@cluebus/projections';
import { createTestDatabase } from '../../../../test/support/postgres-database';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const NHSA = 'nhsa:341300';
const SAMR = 'samr:341300';
const PHARMA = sanctionedSubjectOf({ kind: 'enterprise', uscc: '91330100716105852F', name: '某医药有限公司' });
const DOCTOR = sanctionedSubjectOf({ kind: 'person', idToken: `idt1:${'cd'.repeat(32)}` });

/** Decides a command on the subject's stream as the service does, and appends its events (ids fresh). */
async function run(store: SqlEventStore, key: string, actor: string, command: SubjectCommand): Promise<string[]> {
  const history = await store.readStream(subjectStreamId(key));
  const state = foldEvents(subjectDecider, history.map((e) => ({ type: e.type, data: e.data }) as unknown as SubjectEvent));
  const firstEventId = uuid();
  const events = subjectDecider.decide(command, state, { actor, catalogue: SANCTION_CATALOGUE_V1, firstEventId });
  const stored = await store.append(
    subjectStreamId(key),
    events.map((e, i) => ({
      eventId: i === 0 ? firstEventId : uuid(),
      type: e.type,
      schemaVersion: SUBJECT_EVENT_VERSIONS[e.type],
      data: e.data as unknown as Record<string, unknown>,
      metadata: { department: actor, actor: 'test', occurredAt: new Date().toISOString(), causationId: uuid(), correlationId: uuid() },
    })),
    { expectedVersion: 'any' },
  );
  return stored.events.map((e) => e.eventId);
}

const impose = (data: Partial<Extract<SubjectCommand, { type: 'ImposeSanction' }>['data']>): SubjectCommand => ({
  type: 'ImposeSanction',
  data: {
    sanctionId: uuid(),
    subject: PHARMA,
    measure: 'procurement-credit-rating',
    legalBasis: '依据',
    caseIds: [],
    findingEventIds: [],
    startsOn: '2026-12-01',
    triggeredSanctionIds: [uuid(), uuid(), uuid()],
    ...data,
  },
});

/** The projection's batched statements (unnest of column arrays) on both SQL engines the service runs on. */
const ENGINES: Array<[string, () => Promise<{ sql: SqlClient; drop: () => Promise<void> }>]> = [
  ['PostgreSQL', async () => {
    const db = await createTestDatabase('cluebus_blacklist');
    return { sql: new PostgresSqlClient({ connectionString: db.url, max: 4 }), drop: db.drop };
  }],
  ['PGlite', async () => ({ sql: await PgliteSqlClient.open(), drop: async () => undefined })],
];

describe.each(ENGINES)('blacklist projection on %s: rebuilt from the log, the same answers', (_engine, open) => {
  let db: { drop: () => Promise<void> };
  let sql: SqlClient;
  let store: SqlEventStore;
  let running: RunningSingleton | undefined;

  beforeAll(async () => {
    const opened = await open();
    db = opened;
    sql = opened.sql;
    store = await SqlEventStore.open(sql);
  });
  afterAll(async () => {
    await running?.stop();
    await store.close();
    await db.drop();
  });

  const caughtUp = async () => {
    const head = await store.headPosition();
    for (const deadline = Date.now() + 15_000; ; ) {
      const { rows } = await sql.query<{ position: string }>(`SELECT position FROM cluebus_checkpoints WHERE name = 'blacklist'`);
      if (Number(rows[0]?.position ?? 0) === head) return;
      if (Date.now() > deadline) throw new Error('blacklist projection did not reach the head');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const DAYS = ['2026-11-30', '2026-12-01', '2026-12-15', '2027-01-10', '2027-06-01', '2027-12-01'];
  // Lookups by key as a batch answers them (one statement for many): by USCC and by token, on several days, a subject never seen.
  const KEY_LOOKUPS: BlacklistKeyLookup[] = DAYS.flatMap((asOf) => [{ uscc: PHARMA.uscc!, asOf }, { idToken: DOCTOR.idToken!, asOf }, { uscc: '91110000000000000X', asOf }]);
  const answers = async () => ({
    byDay: await Promise.all(DAYS.map((asOf) => queryBlacklist(sql, { asOf }))),
    byUscc: await queryBlacklist(sql, { asOf: '2026-12-15', uscc: PHARMA.uscc }),
    byToken: await queryBlacklist(sql, { asOf: '2026-12-15', idToken: DOCTOR.idToken }),
    byName: await queryBlacklist(sql, { asOf: '2026-12-15', name: '医药 有限' }),
    changes: await queryBlacklistChanges(sql, 0, 1000),
    byKeys: await queryBlacklistByKeys(sql, KEY_LOOKUPS),
  });

  it('given ratings, a penalty, a suspension, a revocation, a repair and an expiry, when the tables and checkpoint are dropped and the log replayed, then every query answers the same', async () => {
    // given
    const rating = impose({ rating: { scheme: 'nhsa-2025', grade: '特别严重失信' }, endsOn: '2027-11-30' });
    await run(store, PHARMA.key, NHSA, rating);
    const penalty = impose({ measure: 'administrative-penalty-publicity', endsOn: '2027-05-31' });
    await run(store, PHARMA.key, SAMR, penalty);
    const old = impose({ rating: { scheme: 'nhsa-2020', grade: '中等' }, measure: 'credit-risk-warning', startsOn: '2025-01-10' });
    await run(store, PHARMA.key, NHSA, old);
    const suspension = impose({ subject: DOCTOR, measure: 'insurance-payment-suspension', endsOn: '2027-02-28' });
    await run(store, DOCTOR.key, NHSA, suspension);
    await run(store, PHARMA.key, NHSA, { type: 'RevokeSanction', data: { sanctionId: old.data.sanctionId, reason: '复核', effectiveOn: '2027-01-01' } });
    await run(store, PHARMA.key, NHSA, { type: 'RepairCredit', data: { sanctionId: rating.data.sanctionId, basis: '整改 清零', effectiveOn: '2027-03-01' } });
    await run(store, PHARMA.key, SAMR, { type: 'ExpireSanction', data: { sanctionId: penalty.data.sanctionId, today: '2027-06-01' } });
    running = await storeProjectionProcessor({ store, sql, projection: new BlacklistProjection(), log: quiet, batchSize: 3 }).start(NO_FENCE);
    await caughtUp();
    const before = await answers();

    // the answers mean something: who is listed on each day
    expect(before.byDay.map((rows) => rows.length)).toEqual([1, 7, 7, 6, 0, 0]); // old warning; + rating, 2 notices, penalty, its notice, suspension; − old
    expect(before.byUscc.map((r) => [r.department, r.measure, r.ratingGrade])).toEqual(
      expect.arrayContaining([
        [NHSA, 'procurement-credit-rating', '特别严重失信'],
        ['nhc:341300', 'joint-punishment-notice', null],
        [SAMR, 'administrative-penalty-publicity', null],
        [NHSA, 'credit-risk-warning', '中等'],
      ]),
    );
    expect(before.byToken.map((r) => [r.subjectKey, r.name, r.measure])).toEqual([[DOCTOR.key, null, 'insurance-payment-suspension']]);
    expect(before.byName).toHaveLength(before.byUscc.length);
    expect(before.changes.filter((c) => c.change === 'delisted')).toHaveLength(1 + 3 + 2); // revoked; repaired rating + 2 notices; expired penalty + notice
    // asked together, each lookup by key answers what it answers alone
    expect(before.byKeys).toEqual(await Promise.all(KEY_LOOKUPS.map((l) => queryBlacklist(sql, l))));
    expect(before.byKeys.map((rows) => rows.length)).toEqual(DAYS.flatMap((_, d) => [before.byDay[d].length - before.byDay[d].filter((r) => r.subjectKey === DOCTOR.key).length, before.byDay[d].filter((r) => r.subjectKey === DOCTOR.key).length, 0]));

    // when: everything derived is dropped and rebuilt from the log
    await running.stop();
    running = undefined;
    await sql.exec(`DROP TABLE cluebus_blacklist_sanctions; DROP TABLE cluebus_blacklist_changes; DELETE FROM cluebus_checkpoints WHERE name = 'blacklist'`);
    running = await storeProjectionProcessor({ store, sql, projection: new BlacklistProjection(), log: quiet, batchSize: 200 }).start(NO_FENCE);
    await caughtUp();

    // then
    expect(await answers()).toEqual(before);
  });
});
