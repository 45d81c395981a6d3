/**
 * `npm run bench -- replay [--events 10000] [--runs 3]`
 *
 * GET /v1/cases/:id/timeline of a case of `events` events (the case stream and the sample clue
 * streams attached to it) over HTTP from PostgreSQL, next to a plain SQL read of the same rows
 * (same columns, one query, rows parsed by node-postgres), in the same run. Target ≤ 1.5× raw.
 * Events are stored as the services write them now (each sample event at its current version:
 * registrations v2, persons as vault tokens); `--v1` stores them all at version 1 instead, as an
 * old log before the vault held them (registrations with persons in clear: shown upcast, each
 * parsed, and without proofs).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { caseStreamId } from '@cluebus/contracts';
import { contractUpcaster, type SqlClient } from '@cluebus/eventstore';
import { SQL_CLIENT } from '@cluebus/service/runtime/tokens';
import { sampleEvents } from '../../libs/audit/test/sample-log';
import { waitForQuietRuntime } from '../support/quiet-runtime';
import { startStandalone } from '../support/standalone-app';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export default async function replayBench(args: string[]): Promise<void> {
  const count = arg(args, 'events', 10_000);
  const runs = arg(args, 'runs', 3);
  const upcaster = contractUpcaster();
  const stored = (e: ReturnType<typeof sampleEvents>[number]) => (args.includes('--v1') ? { ...e, schemaVersion: 1 } : upcaster.upcast({ ...e, schemaVersion: 1, prevHash: '', hash: '' }));
  const running = await startStandalone('postgres', { CLUEBUS_CHECKPOINT_SECONDS: '0' });
  try {
    const caseId = randomUUID();
    const meta = { department: 'nhc:341300', actor: 'nhc:341300', occurredAt: new Date().toISOString(), causationId: randomUUID(), correlationId: randomUUID() };
    const appends: Array<() => Promise<unknown>> = [];
    let caseVersion = -1;
    let caseTail: Promise<unknown> = Promise.resolve();
    for (const e of sampleEvents(count, { seed: 14 }).map(stored)) {
      if (appends.length >= count) break;
      appends.push(() =>
        running.store.append(e.streamId, [{ eventId: randomUUID(), type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }], { expectedVersion: e.streamPosition === 0 ? 'no-stream' : e.streamPosition - 1 }),
      );
      if (e.type === 'ClueRegistered' && appends.length < count) {
        const v = caseVersion++;
        const clueId = e.data.clueId as string;
        const event = v === -1 ? { type: 'CaseOpened', data: { caseId, lead: 'nhc:341300', title: '系列回扣案', basis: '依规', clueIds: [clueId] } } : { type: 'ClueAttachedToCase', data: { caseId, clueId, by: 'nhc:341300' } };
        // The case-track processor appends TrackOpened to the case stream while it is seeded, so
        // the case's own events go one after another, each at whatever version the stream has.
        appends.push(() => (caseTail = caseTail.then(() => running.store.append(caseStreamId(caseId), [{ eventId: randomUUID(), schemaVersion: 1, ...event, metadata: meta }], { expectedVersion: v === -1 ? 'no-stream' : 'any' }))));
      }
    }
    for (let i = 0; i < appends.length; i += 500) await Promise.all(appends.slice(i, i + 500).map((a) => a()));
    // The case-track processor opens tracks on the case, the relay and projections catch up: time the reads after.
    await waitForQuietRuntime(running.app, running.store);
    const sql: SqlClient = running.app.get(SQL_CLIENT);
    const streams = (await sql.query<{ stream_id: string }>(`SELECT DISTINCT stream_id FROM cluebus_events`)).rows.map((r) => r.stream_id);
    const url = `${running.baseUrl}/v1/cases/${caseId}/timeline`;
    const http = async () => {
      const res = await fetch(url, { headers: { authorization: 'Bearer dev-investigator' } });
      return ((await res.json()) as { events: unknown[] }).events.length;
    };
    const raw = async () =>
      (await sql.query(`SELECT global_position, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash FROM cluebus_events WHERE stream_id = ANY($1::text[]) ORDER BY global_position`, [streams])).rows.length;
    const time = async (f: () => Promise<number>) => {
      let bestMs = Infinity;
      let n = 0;
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        n = await f();
        bestMs = Math.min(bestMs, performance.now() - t);
      }
      return { bestMs, n };
    };
    // What HTTP alone costs here: the same body, already in memory, from a bare node:http server,
    // fetched and parsed the same way — the floor under any timeline served over HTTP.
    const body = await (await fetch(url, { headers: { authorization: 'Bearer dev-investigator' } })).text();
    const bare = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
    const floor = async () => ((await (await fetch(bareUrl)).json()) as { events: unknown[] }).events.length;
    await http();
    await raw();
    await floor();
    const h = await time(http);
    const s = await time(raw);
    const f = await time(floor);
    bare.close();
    console.log(`\n| measurement | events | best ms | vs raw SQL | ≤ 1.5× |\n|---|---|---|---|---|`);
    console.log(`| GET /v1/cases/:id/timeline over HTTP | ${h.n} | ${h.bestMs.toFixed(0)} | ${(h.bestMs / s.bestMs).toFixed(2)}× | ${h.bestMs / s.bestMs <= 1.5 ? 'met' : 'NOT met'} |`);
    console.log(`| raw SQL read of the same rows (node-postgres) | ${s.n} | ${s.bestMs.toFixed(0)} | 1× | |`);
    console.log(`| floor: the same ${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB body from memory over HTTP (node:http), fetched and parsed | ${f.n} | ${f.bestMs.toFixed(0)} | ${(f.bestMs / s.bestMs).toFixed(2)}× | |`);
  } finally {
    await running.close();
  }
}
