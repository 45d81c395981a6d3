/**
 * `npm run bench -- store [--seconds 5] [--rounds 2]`
 *
 * Appends per second through SqlEventStore on PostgreSQL (fresh database), next to raw `pg`
 * INSERTs of the same rows into the same table in the same run: 1-event and 10-event appends,
 * 1 and 8 concurrent writers. The raw rows are the store's own rows (same columns and values,
 * hashes included) with new event ids, positions and stream ids, inserted one statement per
 * batch in autocommit, by as many connections as writers. Target: store ≥ 0.5 × raw.
 *
 * The store's 8 writers share one process, so the store groups their concurrent appends into
 * one transaction under the head lock (GroupWriter, docs/adr/0002); raw INSERTs commit on 8
 * connections in parallel. An extra row shows 8 writers as 8 separate store instances (as 8
 * processes would be), which serialise on the head row without sharing commits.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { Pool } from 'pg';
import type { NewEvent, RecordedEvent } from '@cluebus/contracts';
import { PostgresSqlClient, SqlEventStore } from '@cluebus/eventstore';
import { sampleEvents } from '../../libs/audit/test/sample-log';
import { createTestDatabase } from '../support/postgres-database';

interface Scenario {
  batch: 1 | 10;
  writers: 1 | 8;
  /** Store instances the writers are spread over (1 = one process, group commit). */
  instances: 1 | 8;
}

const SCENARIOS: Scenario[] = [
  { batch: 1, writers: 1, instances: 1 },
  { batch: 1, writers: 8, instances: 1 },
  { batch: 10, writers: 1, instances: 1 },
  { batch: 10, writers: 8, instances: 1 },
  { batch: 1, writers: 8, instances: 8 },
  { batch: 10, writers: 8, instances: 8 },
];

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
  const stores: SqlEventStore[] = [];
  for (let i = 0; i < 8; i++) stores.push(await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url })));
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
      const result = await stores[w % s.instances].append(st.id, newEvents(s.batch, st.version + 1), {
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
  for (const s of SCENARIOS) {
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
    const label = s.instances === 1 ? `${s.writers}` : `${s.writers} (8 store instances)`;
    const row = `| ${s.batch} | ${label} | ${Math.round(st / s.batch).toLocaleString('en')} | ${Math.round(st).toLocaleString('en')} | ${Math.round(rw).toLocaleString('en')} | ${ratio.toFixed(2)}× | ${ratio >= 0.5 ? 'met' : 'NOT met'} |`;
    rows.push(row);
    console.log(row);
  }
  console.log('\n| events per append | writers | store appends/s | store events/s | raw INSERT events/s | store / raw | ≥ 0.5× |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);

  await raw.end();
  for (const s of stores) await s.close();
  await db.drop();
}
