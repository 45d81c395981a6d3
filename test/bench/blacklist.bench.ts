/**
 * `npm run bench -- blacklist [--subjects 1000000] [--active 200000] [--rate 1000] [--seconds 10] [--concurrency 32]`
 *
 * 联合惩戒 lookups as a procurement platform makes them (issue #13), next to the raw indexed SQL
 * query on the same table in the same run:
 *
 * 1. Load: `subjects` subject streams (70 % enterprises by USCC, 30 % persons by ID token), one
 *    sanction each, decided by the subject decider and appended through SqlEventStore (64
 *    appends in flight, group commit). All but `active` of them are also ended (revoked or
 *    expired) in the same append, so the log holds subjects + (subjects − active) events.
 * 2. Rebuild: the blacklist projection from position 0 through the projection host
 *    (storeProjectionProcessor with the projection's own page size, as the service runs it), events/s; next to reading the same
 *    log pages alone (the rebuild's floor). Target ≥ 50,000 events/s.
 * 3. Lookups at `rate`/s offered (open loop: lookup i is due at i/rate), half by USCC and half
 *    by ID number (tokenised by the service), 50 % listed subjects, 40 % delisted, 10 % never
 *    seen: HTTP `GET /v1/blacklist` with an auditor key on a service process (standalone mode
 *    on this PostgreSQL database; each lookup also writes its access-log row), and the raw
 *    indexed SELECT through a `pg` pool. p50/p99. Target: HTTP p99 ≤ 5 ms.
 * 4. Saturated: `concurrency` lookups in flight for `seconds`, both sides. Target: HTTP ≥ 0.3×
 *    raw SQL.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as path from 'node:path';
import { Pool } from 'pg';
import { v7 as uuid } from 'uuid';
import { residentIdCheckCharacter, SUBJECT_EVENT_VERSIONS, subjectStreamId, usccCheckCharacter, type SubjectEvent } from '@cluebus/contracts';
import { SANCTION_CATALOGUE_V1, sanctionedSubjectOf, subjectDecider, type SubjectCommand } from '@cluebus/domain';
import { PostgresSqlClient, SqlEventStore } from '@cluebus/eventstore';
import { NO_FENCE, storeProjectionProcessor } from '@cluebus/processors';
import { BlacklistProjection } from '@cluebus/projections';
import { freePort } from '../../deploy/kafka/kafka-runner';
import { createTestDatabase } from '../support/postgres-database';
import { ensureBuilt, REPO_ROOT, ServiceProcess } from '../support/processes';
import { IdTokenizer } from '../../libs/service/src/identity/id-tokenizer';
import { rawLookupSql } from './support/blacklist-raw-lookup';

interface Options {
  subjects: number;
  active: number;
  rate: number;
  seconds: number;
  concurrency: number;
}

function options(args: string[]): Options {
  const get = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    const v = i >= 0 ? Number(args[i + 1]) : fallback;
    if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
    return v;
  };
  const o = { subjects: get('subjects', 1_000_000), active: get('active', 200_000), rate: get('rate', 1_000), seconds: get('seconds', 10), concurrency: get('concurrency', 32) };
  if (o.active > o.subjects) throw new Error('--active must not exceed --subjects');
  return o;
}

const ID_TOKEN_KEY = `bench-id-token-key-${randomBytes(8).toString('hex')}`;
const AS_OF = '2026-12-15';
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Subject i: a valid USCC (enterprises) or resident ID number (persons), derived from i alone. */
interface BenchSubject {
  kind: 'enterprise' | 'person';
  /** The value a caller looks up with: the USCC or the ID number. */
  id: string;
}
function subjectAt(i: number): BenchSubject {
  if (i % 10 < 7) {
    const body = `91341300MA${String(i).padStart(7, '0')}`;
    return { kind: 'enterprise', id: body + usccCheckCharacter(body) };
  }
  const day = new Date(Date.UTC(1960, 0, 1) + (i % 15_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `341302${day}${String(Math.floor(i / 15_000) % 1000).padStart(3, '0')}`;
  return { kind: 'person', id: first17 + residentIdCheckCharacter(first17) };
}
const tokenizer = new IdTokenizer(ID_TOKEN_KEY);
const tokenOf = (idNumber: string) => tokenizer.tokenize(idNumber);

function pct(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const ms = (v: number) => v.toFixed(2);

/** One subject's whole history in one append: the sanction, and its end unless it is one of the active ones. */
async function loadSubject(store: SqlEventStore, i: number, active: boolean): Promise<number> {
  const s = subjectAt(i);
  const subject = sanctionedSubjectOf(s.kind === 'enterprise' ? { kind: 'enterprise', uscc: s.id, name: `宿州某医药贸易有限公司${i}` } : { kind: 'person', idToken: tokenOf(s.id) });
  const department = 'ccdi:341300';
  const sanctionId = uuid();
  const commands: SubjectCommand[] = [
    {
      type: 'ImposeSanction',
      data: {
        sanctionId,
        subject,
        measure: s.kind === 'enterprise' ? 'briber-list' : 'bribe-taker-list',
        legalBasis: '《关于进一步推进受贿行贿一起查的意见》',
        caseIds: [],
        findingEventIds: [uuid()],
        startsOn: '2026-01-01',
        endsOn: active ? undefined : '2026-06-30',
        triggeredSanctionIds: [],
      },
    },
  ];
  if (!active) commands.push(i % 2 === 0 ? { type: 'ExpireSanction', data: { sanctionId, today: '2026-07-01' } } : { type: 'RevokeSanction', data: { sanctionId, reason: '复核撤销', effectiveOn: '2026-03-01' } });
  let state = subjectDecider.initialState();
  const events: SubjectEvent[] = [];
  for (const command of commands) {
    const decided = subjectDecider.decide(command, state, { actor: department, catalogue: SANCTION_CATALOGUE_V1, firstEventId: uuid() });
    for (const e of decided) state = subjectDecider.evolve(state, e);
    events.push(...decided);
  }
  await store.append(
    subjectStreamId(subject.key),
    events.map((e) => ({
      eventId: uuid(),
      type: e.type,
      schemaVersion: SUBJECT_EVENT_VERSIONS[e.type],
      data: e.data as unknown as Record<string, unknown>,
      metadata: { department, actor: 'bench', occurredAt: new Date().toISOString(), causationId: uuid(), correlationId: uuid() },
    })),
    { expectedVersion: 'no-stream' },
  );
  return events.length;
}

/** Runs `op(i)` for i in [0, n) with `inFlight` at a time. */
async function pooled(n: number, inFlight: number, op: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < n) await op(next++);
  }));
}

/** Which subject lookup k asks for: 50 % listed (active), 40 % delisted, 10 % never seen. */
function target(k: number, o: Options): BenchSubject {
  const r = (Math.imul(k + 1, 2_654_435_761) >>> 0) % 100;
  const pick = (Math.imul(k + 7, 40_503) >>> 0);
  if (r < 50) return subjectAt(pick % o.active);
  if (r < 90 && o.subjects > o.active) return subjectAt(o.active + (pick % (o.subjects - o.active)));
  return subjectAt(o.subjects + (pick % 100_000));
}

type Lookup = (s: BenchSubject) => Promise<number>;

async function openLoop(lookup: Lookup, o: Options, offset: number): Promise<{ achieved: number; p50: number; p99: number; errors: number }> {
  const n = o.rate * o.seconds;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let k = 0; k < n; k++) {
    const due = started + (k * 1000) / o.rate;
    // Never before its time (a lookup sent early would report less than it waited).
    while (performance.now() < due) await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    pending.push(
      lookup(target(offset + k, o)).then(
        () => void latencies.push(performance.now() - due),
        () => void errors++,
      ),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { achieved: latencies.length / elapsed, p50: pct(latencies, 50), p99: pct(latencies, 99), errors };
}

async function saturated(lookup: Lookup, o: Options, offset: number): Promise<{ rate: number; errors: number }> {
  const deadline = performance.now() + o.seconds * 1000;
  const started = performance.now();
  let done = 0;
  let errors = 0;
  let k = offset;
  await Promise.all(Array.from({ length: o.concurrency }, async () => {
    while (performance.now() < deadline) {
      await lookup(target(k++, o)).then(() => void done++, () => void errors++);
    }
  }));
  return { rate: done / ((performance.now() - started) / 1000), errors };
}

/** Every projection the service keeps from the store has reached the head: nothing catches up while lookups are timed. */
async function caughtUp(pool: Pool, head: number): Promise<void> {
  for (const deadline = Date.now() + 600_000; ; ) {
    const { rows } = await pool.query<{ name: string; position: string }>(`SELECT name, position FROM cluebus_checkpoints`);
    const behind = rows.filter((r) => Number(r.position) < head);
    if (rows.length > 0 && behind.length === 0) return;
    if (Date.now() > deadline) throw new Error(`still catching up after 10 min: ${behind.map((r) => `${r.name} at ${r.position}/${head}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export default async function blacklistBench(args: string[]): Promise<void> {
  const o = options(args);
  await ensureBuilt();
  const db = await createTestDatabase('cluebus_bench_blacklist');
  const sql = new PostgresSqlClient({ connectionString: db.url, max: 8 });
  let store: SqlEventStore | undefined;
  let service: ServiceProcess | undefined;
  let floors: ServiceProcess[] = [];
  const pool = new Pool({ connectionString: db.url, max: 16 });
  pool.on('error', () => undefined); // db.drop() ends what is left; that is not the bench's failure
  try {
    store = await SqlEventStore.open(sql);
    // 1. load
    const loadStart = performance.now();
    let events = 0;
    let lastReport = loadStart;
    await pooled(o.subjects, 64, async (i) => {
      const appended = await loadSubject(store!, i, i < o.active);
      events += appended; // not `events += await …`: that reads `events` before the await and loses the others' counts
      if (performance.now() - lastReport > 30_000) {
        lastReport = performance.now();
        console.error(`[load] ${i + 1}/${o.subjects} subjects, ${events} events, ${Math.round(events / ((lastReport - loadStart) / 1000))} events/s`);
      }
    });
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const head = await store.headPosition();
    console.error(`[load] ${o.subjects} subjects, ${head} events in ${loadSeconds.toFixed(1)} s`);

    // 2. rebuild (from empty tables and no checkpoint), next to reading the same pages alone
    const readStart = performance.now();
    for (let after = 0; after < head; ) {
      const page = await store.readAll({ after, maxCount: 1000 });
      if (page.length === 0) break;
      after = page[page.length - 1].globalPosition;
    }
    const readRate = head / ((performance.now() - readStart) / 1000);
    const rebuildStart = performance.now();
    const running = await storeProjectionProcessor({ store, sql, projection: new BlacklistProjection(), log: quiet }).start(NO_FENCE);
    for (;;) {
      const { rows } = await sql.query<{ position: string }>(`SELECT position FROM cluebus_checkpoints WHERE name = 'blacklist'`);
      if (Number(rows[0]?.position ?? 0) >= head) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const rebuildRate = head / ((performance.now() - rebuildStart) / 1000);
    await running.stop();
    const counts = (await pool.query(`SELECT count(*)::int AS all, count(*) FILTER (WHERE ended_on IS NULL)::int AS active FROM cluebus_blacklist_sanctions`)).rows[0];
    if (counts.all !== o.subjects || counts.active !== o.active) throw new Error(`rebuild gave ${counts.all} sanctions (${counts.active} active), expected ${o.subjects} (${o.active})`);
    // Lookups are timed on a settled database, as a deployed one is between rebuilds: vacuumed
    // and analysed (else autovacuum works through the rebuilt tables while lookups are timed) and
    // checkpointed (else the checkpointer writes the rebuild's pages meanwhile, and every commit of
    // an access-log row waits behind that I/O for its WAL flush — the raw side commits nothing).
    await pool.query('VACUUM (ANALYZE) cluebus_blacklist_sanctions, cluebus_blacklist_changes');
    await pool.query('CHECKPOINT');

    // 3./4. lookups: a service process (standalone mode on this database), and raw SQL
    service = new ServiceProcess({
      name: 'bench-blacklist',
      entry: 'dist/apps/standalone/src/main.js',
      port: await freePort(),
      env: { ...(process.env.BENCH_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS } : {}), CLUEBUS_MODE: 'standalone',
        CLUEBUS_STORE: 'postgres',
        DATABASE_URL: db.url,
        CLUEBUS_ID_TOKEN_KEY: ID_TOKEN_KEY,
        // A serving department process, as deployed: the relay and the checkpointer run in the
        // ledger process (deploy/), not here; left on, they would replay the whole log to the
        // in-process bus and hash it into checkpoints during the lookups.
        CLUEBUS_RELAY: 'false',
        CLUEBUS_CHECKPOINTER: 'false',
      },
      logFile: path.join(REPO_ROOT, '.cache', 'bench-logs', `blacklist-${Date.now()}.log`),
    });
    await service.start();
    await caughtUp(pool, head);
    // The floor: the same lookup from a bare node:http server (no framework), without and with
    // the access-log row committed first (test/bench/support/bare-lookup-server.ts).
    const bare = async (name: string, accessLog: boolean) =>
      new ServiceProcess({
        name,
        entry: 'test/bench/support/bare-lookup-server.ts',
        port: await freePort(),
        env: { NODE_OPTIONS: '-r ts-node/register/transpile-only', DATABASE_URL: db.url, CLUEBUS_ID_TOKEN_KEY: ID_TOKEN_KEY, BARE_ACCESS_LOG: String(accessLog) },
        logFile: path.join(REPO_ROOT, '.cache', 'bench-logs', `${name}-${Date.now()}.log`),
      });
    floors = [await bare('bench-bare', false), await bare('bench-bare-logged', true)];
    for (const floor of floors) await floor.start();
    // node:http with a keep-alive pool, not fetch: the client shares the 2 cores with the
    // service, and fetch costs it several times what pg's client costs the raw side.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const get = (url: string, path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.get(`${url}${path}`, { agent, headers: { authorization: 'Bearer dev-auditor', 'x-actor': 'bench-auditor', accept: 'application/json' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
      });
    const lookupAt =
      (url: string): Lookup =>
      async (s) => {
        const query = s.kind === 'enterprise' ? `uscc=${s.id}` : `idNumber=${s.id}`;
        const res = await get(url, `/v1/blacklist?${query}&asOf=${AS_OF}`);
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body}`);
        return (JSON.parse(res.body) as { listings: unknown[] }).listings.length;
      };
    const httpLookup = lookupAt(service.url);
    const [bareLookup, bareLoggedLookup] = floors.map((f) => lookupAt(f.url));
    const raw: Lookup = async (s) => {
      const column = s.kind === 'enterprise' ? 'uscc' : 'id_token';
      const { rows } = await pool.query(
        rawLookupSql(column),
        [s.kind === 'enterprise' ? s.id : tokenOf(s.id), AS_OF],
      );
      return rows.length;
    };
    // The answers agree (and mean something) before anything is timed.
    const checks: Array<[BenchSubject, boolean]> = [
      [subjectAt(0), o.active > 0], // an enterprise, listed
      [subjectAt(7), o.active > 7], // a person, listed if among the active ones
      [subjectAt(o.subjects - 1), o.subjects - 1 < o.active], // delisted unless every subject is active
      [subjectAt(o.subjects + 3), false], // never seen
    ];
    for (const [s, listed] of checks) {
      const [h, r, b, bl] = [await httpLookup(s), await raw(s), await bareLookup(s), await bareLoggedLookup(s)];
      if (h !== r || b !== r || bl !== r || (h > 0) !== listed) throw new Error(`lookup ${s.id}: HTTP ${h} listings, raw ${r}, bare ${b}/${bl}, expected ${listed ? 'listed' : 'none'}`);
    }
    await openLoop(httpLookup, { ...o, seconds: 2 }, 10_000_000); // warm-up
    await openLoop(raw, { ...o, seconds: 2 }, 20_000_000);
    await openLoop(bareLookup, { ...o, seconds: 2 }, 40_000_000);
    await openLoop(bareLoggedLookup, { ...o, seconds: 2 }, 50_000_000);
    // BENCH_SIGNAL_SERVICE=open|saturated: SIGUSR2 to the service at the start and end of that HTTP phase (a profiler
    // preloaded through BENCH_SERVICE_NODE_OPTIONS can start and stop on it).
    const signal = (phase: string) => process.env.BENCH_SIGNAL_SERVICE === phase && service?.pid && process.kill(service.pid, 'SIGUSR2');
    signal('open');
    const httpOpen = await openLoop(httpLookup, o, 0);
    signal('open');
    const rawOpen = await openLoop(raw, o, 0);
    signal('saturated');
    const httpSat = await saturated(httpLookup, o, 30_000_000);
    signal('saturated');
    const rawSat = await saturated(raw, o, 30_000_000);
    const bareOpen = await openLoop(bareLookup, o, 0);
    const bareLoggedOpen = await openLoop(bareLoggedLookup, o, 0);
    const bareSat = await saturated(bareLookup, o, 30_000_000);
    const bareLoggedSat = await saturated(bareLoggedLookup, o, 30_000_000);

    console.log(`\n${o.subjects.toLocaleString('en')} subjects, ${o.active.toLocaleString('en')} active sanctions, ${head.toLocaleString('en')} events; load ${loadSeconds.toFixed(0)} s (${Math.round(head / loadSeconds)} events/s)\n`);
    console.log('| phase | cluebus | raw SQL | ratio | floor: bare node:http + SQL | floor + access-log row |');
    console.log('|---|---|---|---|---|---|');
    console.log(`| projection rebuild, events/s (raw: reading the same pages) | ${Math.round(rebuildRate)} | ${Math.round(readRate)} | ${(rebuildRate / readRate).toFixed(2)}× | | |`);
    console.log(`| ${o.rate}/s offered for ${o.seconds} s: achieved/s | ${httpOpen.achieved.toFixed(0)} | ${rawOpen.achieved.toFixed(0)} | | ${bareOpen.achieved.toFixed(0)} | ${bareLoggedOpen.achieved.toFixed(0)} |`);
    console.log(`| ${o.rate}/s offered: p50 ms | ${ms(httpOpen.p50)} | ${ms(rawOpen.p50)} | | ${ms(bareOpen.p50)} | ${ms(bareLoggedOpen.p50)} |`);
    console.log(`| ${o.rate}/s offered: p99 ms | ${ms(httpOpen.p99)} | ${ms(rawOpen.p99)} | | ${ms(bareOpen.p99)} | ${ms(bareLoggedOpen.p99)} |`);
    console.log(`| saturated (${o.concurrency} in flight, ${o.seconds} s), lookups/s | ${httpSat.rate.toFixed(0)} | ${rawSat.rate.toFixed(0)} | ${(httpSat.rate / rawSat.rate).toFixed(2)}× | ${bareSat.rate.toFixed(0)} (${(bareSat.rate / rawSat.rate).toFixed(2)}×) | ${bareLoggedSat.rate.toFixed(0)} (${(bareLoggedSat.rate / rawSat.rate).toFixed(2)}×) |`);
    console.log(`| errors | ${httpOpen.errors + httpSat.errors} | ${rawOpen.errors + rawSat.errors} | | ${bareOpen.errors + bareSat.errors} | ${bareLoggedOpen.errors + bareLoggedSat.errors} |`);
    console.log(`\ntargets: HTTP p99 ≤ 5 ms at ${o.rate}/s (${httpOpen.p99 <= 5 ? 'met' : 'not met'}); saturated ≥ 0.3× raw (${httpSat.rate / rawSat.rate >= 0.3 ? 'met' : 'not met'}); rebuild ≥ 50,000 events/s (${rebuildRate >= 50_000 ? 'met' : 'not met'})`);
    console.log(`service log: ${service.logFile}`);
  } finally {
    await service?.stop();
    for (const floor of floors) await floor.stop();
    await pool.end();
    await store?.close();
    await db.drop();
  }
}
