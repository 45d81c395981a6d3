/**
 * `npm run bench -- store [--seconds 5] [--rounds 2] [--lag-seconds 10] [--seal-events 30000] [--only processes|lag|seal]`
 *
 * Appends per second through SqlEventStore on PostgreSQL (fresh database), next to raw `pg`
 * INSERTs of the same rows into the same table in the same run: 1-event and 10-event appends,
 * 1 and 8 concurrent writers. The raw rows are the store's own rows (same columns and values,
 * hashes included) with new event ids, positions and stream ids, inserted one statement per
 * batch in autocommit, by as many connections as writers. Target: store ≥ 0.5 × raw.
 *
 * The store's 8 writers share one process, so the store groups their concurrent appends into
 * one transaction under the head lock (GroupWriter, docs/adr/0002); raw INSERTs commit on 8
 * connections in parallel.
 *
 * 8-process rows (issue #11, the production shape: every department service its own process):
 * 8 writer processes × 1 writer (support/store-writer-process.ts), each kind in the same run on
 * the same database and payloads — raw INSERTs, the store inline (head lock at commit,
 * docs/adr/0002), the store with `sealing: 'sealer'` (docs/adr/0009: appends commit to the
 * pending queue; one SealerLoop in this process assigns positions and the chain), and Emmett's
 * PostgreSQL event store as a peer (test/bench/peers/emmett, pinned, installed here by `npm ci`
 * on first use), and Message DB (test/bench/peers/message-db: its published SQL run into the
 * database, `write_message` per event). The sealer row gives the appends committed and the events sealed in the same
 * window; the smaller is what the store sustains. `--only processes` runs these rows alone.
 * Then the seal lag: 500 appends/s offered (open loop over 8 store instances in this process)
 * for `--lag-seconds`, each append's commit time against the moment the sealer committed the
 * batch that gave it its position; p50/p99. And the sealer alone (`--only seal` runs it alone):
 * `--seal-events` queued by 10-event appends with no sealer running, then sealed in batches of
 * 1,000 with nothing else running — its ceiling, apart from the appends it competes with.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { Pool } from 'pg';
import type { NewEvent, RecordedEvent } from '@cluebus/contracts';
import { PostgresSqlClient, SealerLoop, sealPendingBatch, type SqlClient, SqlEventStore } from '@cluebus/eventstore';
import { sampleEvents } from '../../libs/audit/test/sample-log';
import { createTestDatabase } from '../support/postgres-database';
import { prepareEmmett, prepareMessageDb, StoreWriterGroup } from './support/store-writer-group';
import { TimedSqlClient } from './support/timed-sql-client';
import type { WriterKind } from './support/store-writer-protocol';

/** One process, one SqlEventStore: its writers' concurrent appends share commits (group commit). */
interface Scenario {
  batch: 1 | 10;
  writers: 1 | 8;
}

const SCENARIOS: Scenario[] = [
  { batch: 1, writers: 1 },
  { batch: 1, writers: 8 },
  { batch: 10, writers: 1 },
  { batch: 10, writers: 8 },
];

/** The production shape (issue #11): 8 writer processes, one writer each, every kind in the same run. */
const PROCESS_KINDS: WriterKind[] = ['raw', 'inline', 'sealer', 'emmett', 'message-db'];

const COLUMNS = 'global_position, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** Realistic payloads (the audit sample log: Chinese clue texts, subjects, metadata). */
const payloads = sampleEvents(5000, { seed: 7 });
function newEvents(n: number, k: number): NewEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const p = payloads[(k + i) % payloads.length];
    return { eventId: randomUUID(), type: p.type, schemaVersion: 1, data: p.data, metadata: p.metadata };
  });
}

/** Runs `writers` loops for `ms`; each loop awaits one operation at a time. Returns operations done. */
async function runFor(ms: number, writers: number, op: (writer: number, i: number) => Promise<void>): Promise<{ ops: number; ms: number }> {
  const deadline = performance.now() + ms;
  const started = performance.now();
  let ops = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await op(w, i);
        ops += 1;
      }
    }),
  );
  return { ops, ms: performance.now() - started };
}

export default async function storeBench(args: string[]): Promise<void> {
  const seconds = arg(args, 'seconds', 5);
  const rounds = arg(args, 'rounds', 2);
  const db = await createTestDatabase('cluebus_bench');
  const store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }));
  const sealing: SqlEventStore[] = [];
  // One writer each at a time (the seal-lag loop has more in flight): a small pool, as a department process's share.
  for (let i = 0; i < 8; i++) sealing.push(await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url, max: 4 }), { sealing: 'sealer' }));
  // Opening the sealing stores set the store to sealer mode; the inline rows switch it back
  // (the queue is empty between rows), the sealer rows and the lag to sealer again.
  await SqlEventStore.switchSealing(store.sql, 'inline');
  const sealerSql = new PostgresSqlClient({ connectionString: db.url, max: 2 });
  const sealer = new SealerLoop(sealerSql, { algorithm: 'sha256' });
  const sealedAt: Array<{ position: number; at: number }> = [];
  sealer.sealedEvents.on('sealed', (position: number) => sealedAt.push({ position, at: performance.now() }));
  const raw = new Pool({ connectionString: db.url, max: 8 });
  const { rows: settings } = await raw.query(`SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'wal_sync_method', 'server_version')`);
  console.log(`PostgreSQL: ${settings.map((r) => `${r.name}=${r.setting}`).join(', ')}; ${cpus().length} × ${cpus()[0]?.model}`);
  console.log(`each measurement ${seconds} s after 1 s warm-up, ${rounds} rounds alternating store/raw; events/s = appends/s × batch\n`);

  let stream = 0;
  let rawPosition = 1e12; // far from the store's positions: raw rows never collide with the chain
  const sample: RecordedEvent[] = [];

  const storeRun = async (s: Scenario, ms: number) => {
    // Each writer appends to its own stream with the version it expects (as commands do).
    const streams = Array.from({ length: s.writers }, () => ({ id: `bench-${stream++}`, version: -1 }));
    return runFor(ms, s.writers, async (w) => {
      const st = streams[w];
      const result = await store.append(st.id, newEvents(s.batch, st.version + 1), {
        expectedVersion: st.version < 0 ? 'no-stream' : st.version,
      });
      st.version = result.nextExpectedVersion;
      if (sample.length < 20_000) sample.push(...result.events);
    });
  };

  const rawRun = async (s: Scenario, ms: number) => {
    const streams = Array.from({ length: s.writers }, () => ({ id: `raw-${stream++}`, next: 0 }));
    let k = 0;
    return runFor(ms, s.writers, async (w) => {
      const st = streams[w];
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (let i = 0; i < s.batch; i++) {
        const e = sample[k++ % sample.length];
        const base = params.length;
        params.push(rawPosition++, st.id, st.next++, randomUUID(), e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), e.recordedAt, e.prevHash, e.hash);
        tuples.push(`(${Array.from({ length: 11 }, (_, j) => `$${base + j + 1}`).join(', ')})`);
      }
      await raw.query(`INSERT INTO cluebus_events (${COLUMNS}) VALUES ${tuples.join(', ')}`, params);
    });
  };

  const rows: string[] = [];
  // `--only processes`: the 8-process rows, the sealer alone and the seal lag; `--only lag` or `--only seal`: that alone.
  const only = (what: string) => args.includes('--only') && args[args.indexOf('--only') + 1] === what;
  for (const s of args.includes('--only') ? [] : SCENARIOS) {
    const storeRate: number[] = [];
    const rawRate: number[] = [];
    await storeRun(s, 1000); // warm-up, and rows for the raw side
    await rawRun(s, 1000);
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? (['store', 'raw'] as const) : (['raw', 'store'] as const);
      for (const side of order) {
        const { ops, ms } = side === 'store' ? await storeRun(s, seconds * 1000) : await rawRun(s, seconds * 1000);
        (side === 'store' ? storeRate : rawRate).push((ops * s.batch * 1000) / ms);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const st = mean(storeRate);
    const rw = mean(rawRate);
    const ratio = st / rw;
    const row = `| ${s.batch} | ${s.writers} | ${Math.round(st / s.batch).toLocaleString('en')} | ${Math.round(st).toLocaleString('en')} | ${Math.round(rw).toLocaleString('en')} | ${ratio.toFixed(2)}× | ${ratio >= 0.5 ? 'met' : 'NOT met'} |`;
    rows.push(row);
    console.log(row);
  }
  console.log('\n| events per append | writers | store appends/s | store events/s | raw INSERT events/s | store / raw | ≥ 0.5× |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);

  await store.close(); // its pool is idle now; the processes and the lag loop need the connections
  if (!only('lag') && !only('seal')) await processRows(db.url, sealer, sealing[0], seconds, rounds);
  await SqlEventStore.switchSealing(sealerSql, 'sealer');
  if (!only('lag')) {
    const timed = new TimedSqlClient(sealerSql);
    const alone = await sealAlone(sealing, timed, arg(args, 'seal-events', 30_000));
    console.log(`\nthe sealer alone (${alone.events.toLocaleString('en')} events queued by 10-event appends, then sealed in batches of 1,000, nothing else running): ${Math.round((alone.events * 1000) / alone.ms).toLocaleString('en')} events/s`);
    // Where its time went: each statement, and the rest of its transactions (BEGIN, COMMIT with its WAL flush, slicing and hashing in Node).
    const statements = [...timed.statementMs].map(([name, ms]) => `${name} … ${((100 * ms) / alone.ms).toFixed(0)} %`);
    const rest = timed.transactionMs - [...timed.statementMs.values()].reduce((a, b) => a + b, 0);
    console.log(`  of its time: ${statements.join('; ')}; the rest of its transactions (BEGIN, COMMIT, Node) ${((100 * rest) / alone.ms).toFixed(0)} %`);
  }
  if (!only('seal')) {
    await sealer.start();
    const lag = await sealLag(sealing, sealer, sealedAt, arg(args, 'lag-seconds', 10));
    console.log(`\nseal lag at 500 appends/s offered (1 event each, 8 store instances, ${lag.appends} appends): commit → sealed p50 ${lag.p50.toFixed(1)} ms, p99 ${lag.p99.toFixed(1)} ms, max ${lag.max.toFixed(1)} ms (target p99 ≤ 50 ms: ${lag.p99 <= 50 ? 'met' : 'NOT met'})`);
    await sealer.stop();
  }
  await sealerSql.close();
  for (const s of sealing) await s.close();
  await raw.end();
  await db.drop();
}

/**
 * 8 writer processes × 1 writer, for each kind in PROCESS_KINDS, 1- and 10-event appends; rounds
 * alternate the order of the kinds. The sealer (one, in this process, as one department process
 * holds the lease) runs only in the sealer windows, and the queue is empty before the next
 * kind starts; its row also says how many events it sealed in the same window.
 */
async function processRows(url: string, sealer: SealerLoop, sealing: SqlEventStore, seconds: number, rounds: number): Promise<void> {
  await prepareEmmett(url);
  await prepareMessageDb(url);
  const group = await StoreWriterGroup.start(8, url);
  const rows: string[] = [];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const runKind = async (kind: WriterKind, batch: number, ms: number) => {
    if (kind === 'inline' || kind === 'sealer') await SqlEventStore.switchSealing(sealing.sql, kind);
    if (kind === 'sealer') await sealer.start();
    const sealedBefore = sealer.sealed;
    const { eventsPerSecond } = await group.run(kind, batch, ms);
    const sealedPerSecond = ((sealer.sealed - sealedBefore) * 1000) / ms;
    if (kind === 'sealer') {
      await waitSealed(sealing, sealer);
      await sealer.stop();
    }
    return { eventsPerSecond, sealedPerSecond };
  };
  try {
    for (const batch of [1, 10]) {
      const rates = new Map<WriterKind, number[]>(PROCESS_KINDS.map((k) => [k, []]));
      const sealed: number[] = [];
      for (const kind of PROCESS_KINDS) await runKind(kind, batch, 1000); // warm-up
      for (let r = 0; r < rounds; r++) {
        for (const kind of r % 2 === 0 ? PROCESS_KINDS : [...PROCESS_KINDS].reverse()) {
          const { eventsPerSecond, sealedPerSecond } = await runKind(kind, batch, seconds * 1000);
          rates.get(kind)!.push(eventsPerSecond);
          if (kind === 'sealer') sealed.push(sealedPerSecond);
        }
      }
      const [raw, inline, committed, emmett, messageDb] = PROCESS_KINDS.map((k) => mean(rates.get(k)!));
      // What the sealer kept up with is what the store sustains: appends committed beyond it only
      // lengthen the queue (and the seal lag) for as long as they keep coming.
      const sustained = Math.min(committed, mean(sealed));
      const n = (v: number) => Math.round(v).toLocaleString('en');
      const x = (v: number) => `${v.toFixed(2)}×`;
      const row = `| ${batch} | ${n(raw)} | ${n(inline)} (${x(inline / raw)}) | ${n(committed)} (${x(committed / raw)}) | ${n(sustained)} (${x(sustained / raw)}) | ${n(emmett)} (${x(emmett / raw)}) | ${n(messageDb)} (${x(messageDb / raw)}) | ${sustained / raw >= 0.5 && sustained >= emmett ? 'met' : 'NOT met'} |`;
      rows.push(row);
      console.log(row);
    }
  } finally {
    group.stop();
  }
  console.log('\n8 processes × 1 writer, events/s (× raw INSERT in the same run):\n');
  console.log('| events per append | raw INSERT | cluebus inline (head lock) | cluebus sealer: committed | cluebus sealer: sealed (sustained) | Emmett 0.42 | Message DB 1.3.1 | sealed ≥ 0.5× raw and ≥ Emmett |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

/** The sealer alone: `count` events queued with no sealer running, then the time to seal them all. */
async function sealAlone(stores: SqlEventStore[], sql: SqlClient, count: number): Promise<{ events: number; ms: number }> {
  await Promise.all(
    stores.map(async (store, w) => {
      let version = -1;
      for (let i = 0; i < count / 10 / stores.length; i++) {
        const result = await store.append(`alone-${w}`, newEvents(10, i * 10), { expectedVersion: version < 0 ? 'no-stream' : version });
        version = result.nextExpectedVersion;
      }
    }),
  );
  const cursor = {};
  let events = 0;
  const started = performance.now();
  for (;;) {
    const batch = await sealPendingBatch(sql, 'sha256', { cursor, maxEvents: 1000 });
    events += batch.length;
    if (batch.length > 0) continue;
    if ((await stores[0].pendingCount()) === 0) break;
    await new Promise((r) => setTimeout(r, 5)); // held back by another session's transaction (the fence is server-wide): lag, waited for
  }
  return { events, ms: performance.now() - started };
}

/** Until the sealer has emptied the queue: each scenario starts with nothing pending. */
async function waitSealed(store: SqlEventStore, sealer: SealerLoop): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((await store.pendingCount()) > 0) {
    if (Date.now() > deadline) throw new Error(`sealer stalled: ${await store.pendingCount()} pending after 2 min (sealed ${sealer.sealed})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * 500 appends/s offered, each due at i/500 s whatever the earlier ones did; an append's commit is
 * when its promise resolves, its seal when the sealer's batch holding its position committed.
 */
async function sealLag(stores: SqlEventStore[], sealer: SealerLoop, sealedAt: Array<{ position: number; at: number }>, seconds: number) {
  const rate = 500;
  const total = rate * seconds;
  const committed: Array<{ eventId: string; at: number }> = [];
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const [event] = newEvents(1, i);
    inFlight.push(stores[i % stores.length].append(`lag-${i}`, [event], { expectedVersion: 'no-stream' }).then(() => void committed.push({ eventId: event.eventId, at: performance.now() })));
  }
  await Promise.all(inFlight);
  await waitSealed(stores[0], sealer);
  const { rows } = await stores[0].sql.query<{ event_id: string; global_position: string }>(`SELECT event_id, global_position FROM cluebus_events WHERE event_id = ANY($1::uuid[])`, [committed.map((c) => c.eventId)]);
  const positionOf = new Map(rows.map((r) => [r.event_id, Number(r.global_position)]));
  const lags = committed
    .map((c) => {
      const position = positionOf.get(c.eventId)!;
      const seal = sealedAt.find((s) => s.position >= position)!;
      return seal.at - c.at;
    })
    .sort((a, b) => a - b);
  const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))];
  return { appends: lags.length, p50: pct(0.5), p99: pct(0.99), max: lags[lags.length - 1] };
}
