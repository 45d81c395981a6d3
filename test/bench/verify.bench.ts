/**
 * `npm run bench -- verify [--events 100000] [--runs 3]`
 *
 * Throughput of `verify` over a stored log on PostgreSQL (fresh database, the sample clue log
 * appended through the store, checkpointed every 1,000 events), next to plain SHA-256 over the
 * same bytes, in the same run:
 *
 *   end to end (target ≥ 0.5×):
 *     verifyStore   reads the log in pages (read-ahead) as text, parses and canonicalises each
 *                   event and recomputes its chain hash and Merkle leaf (on worker threads, and
 *                   on the reading thread when none is free), checks position and link, pushes
 *                   the leaf, checks every checkpoint root and signature, and the head;
 *     baseline      reads the same rows in the same pages as text and SHA-256s each row's bytes
 *                   (what `sha256sum` over a dump of the table costs).
 *   in memory (the verifier's own cost, events already read):
 *     LogVerifier   the checks above over parsed events;
 *     baseline      one SHA-256 over each event's canonical bytes (precomputed).
 */
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import { Pool } from 'pg';
import type { RecordedEvent } from '@cluebus/contracts';
import { eventContentBytes, generateSigningKeyPair, LogVerifier } from '@cluebus/audit';
import { PostgresSqlClient, SqlEventStore } from '@cluebus/eventstore';
import { Checkpointer, defaultVerifyWorkers, PageDigestPool, readVerificationInputs, sqlLogReader, verifyStore } from '@cluebus/eventstore/audit';
import { sampleEvents } from '../../libs/audit/test/sample-log';
import { appendSampleLog } from '../support/append-sample-log';
import { createTestDatabase } from '../support/postgres-database';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const PAGE = 2000;

function best(xs: number[]): number {
  return Math.max(...xs);
}

export default async function verifyBench(args: string[]): Promise<void> {
  const count = arg(args, 'events', 100_000);
  const runs = arg(args, 'runs', 3);
  const db = await createTestDatabase('cluebus_bench');
  const store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }));
  const pool = new Pool({ connectionString: db.url, max: 4 });
  console.log(`${cpus().length} × ${cpus()[0]?.model}; ${count.toLocaleString('en')} events; best of ${runs} runs each\n`);

  let started = performance.now();
  const events = sampleEvents(count, { seed: 42 });
  await appendSampleLog(store, events, 5000);
  console.log(`log written through the store in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const key = generateSigningKeyPair();
  started = performance.now();
  const checkpointer = await Checkpointer.start(store.sql, { signingKey: key, every: 1000, intervalMs: 0 }, false);
  await checkpointer.checkpointNow();
  await checkpointer.stop();
  const checkpointMs = performance.now() - started;
  console.log(`checkpointer covered it (chain checks, nodes stored, ${count / 1000} checkpoints signed) in ${(checkpointMs / 1000).toFixed(1)} s: ${Math.round((count * 1000) / checkpointMs).toLocaleString('en')} events/s\n`);

  const { checkpoints, head } = await readVerificationInputs(store.sql);
  const options = { publicKeys: key.publicKey, head, pageSize: PAGE };

  // End to end from PostgreSQL. verifyStore hashes on worker threads; they are started first, as
  // in a running service or from dist (~0.1 s): under ts-node a worker compiles its sources
  // (~1 s), which would otherwise be timed as verification.
  started = performance.now();
  const workers = PageDigestPool.shared(defaultVerifyWorkers());
  await workers.ready();
  console.log(`${workers.size} verify workers started in ${Math.round(performance.now() - started)} ms (ts-node)`);
  const endToEnd: number[] = [];
  for (let r = 0; r < runs; r++) {
    const before = workers.pagesDigested;
    const result = await verifyStore(sqlLogReader(store.sql), checkpoints, options);
    if (!result.ok || result.checked !== count) throw new Error(`verify failed: ${JSON.stringify(result)}`);
    endToEnd.push((count * 1000) / Math.max(1, result.elapsedMs));
    console.log(`verifyStore run ${r + 1}: ${Math.round(endToEnd[r]).toLocaleString('en')} events/s, ${workers.pagesDigested - before} of ${Math.ceil(count / PAGE)} pages digested on the workers`);
  }

  const dumpSha: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    let after = 0;
    const read = (a: number) =>
      // jsonb and timestamptz as their text, unparsed; ORDER BY the column (an output column of the
      // same name cast to text would sort as text, without the index).
      pool.query<Record<string, string | number>>(
        `SELECT global_position, stream_id, stream_position, event_id, type, schema_version, data::text AS data_text, metadata::text AS metadata_text, recorded_at::text AS recorded_text, prev_hash, hash
         FROM cluebus_events e WHERE e.global_position > $1 ORDER BY e.global_position LIMIT $2`,
        [a, PAGE],
      );
    let pending = read(after);
    let hashed = 0;
    for (;;) {
      const { rows } = await pending;
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1].global_position);
      pending = rows.length < PAGE ? Promise.resolve({ rows: [] } as never) : read(after);
      for (const row of rows) {
        const h = createHash('sha256');
        for (const v of Object.values(row)) h.update(String(v));
        h.digest();
        hashed += 1;
      }
    }
    dumpSha.push((hashed * 1000) / (performance.now() - t));
  }

  // In memory: the verifier's own cost, and SHA-256 over the same canonical bytes.
  const log: RecordedEvent[] = await store.readAll({ raw: true });
  const bytes = log.map((e) => eventContentBytes(e));
  const inMemory: number[] = [];
  const plainSha: number[] = [];
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    const verifier = new LogVerifier(checkpoints, { publicKey: key.publicKey });
    for (const e of log) verifier.push(e);
    if (!verifier.finish().ok) throw new Error('in-memory verify failed');
    inMemory.push((count * 1000) / (performance.now() - t));
    t = performance.now();
    for (const b of bytes) createHash('sha256').update(b).digest();
    plainSha.push((count * 1000) / (performance.now() - t));
  }
  const meanBytes = Math.round(bytes.reduce((s, b) => s + b.length, 0) / bytes.length);

  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(`events: ${meanBytes} canonical bytes on average; ${checkpoints.length} checkpoints\n`);
  console.log('| measurement | events/s | vs plain SHA-256 | ≥ 0.5× |');
  console.log('|---|---|---|---|');
  console.log(`| verifyStore, end to end from PostgreSQL | ${fmt(best(endToEnd))} | ${ratio(best(endToEnd), best(dumpSha))} | ${best(endToEnd) / best(dumpSha) >= 0.5 ? 'met' : 'NOT met'} |`);
  console.log(`| baseline: same rows read as text + SHA-256 per row | ${fmt(best(dumpSha))} | 1× | |`);
  console.log(`| LogVerifier in memory (events already read) | ${fmt(best(inMemory))} | ${ratio(best(inMemory), best(plainSha))} | ${best(inMemory) / best(plainSha) >= 0.5 ? 'met' : 'NOT met'} |`);
  console.log(`| baseline: SHA-256 over the same canonical bytes, in memory | ${fmt(best(plainSha))} | 1× | |`);

  await pool.end();
  await store.close();
  await db.drop();
}
