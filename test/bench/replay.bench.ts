/**
 * `npm run bench -- replay [--events 10000] [--runs 3]`
 *
 * GET /v1/cases/:id/timeline of a case of `events` events (the case stream and the sample clue
 * streams attached to it) over HTTP from PostgreSQL, next to a plain SQL read of the same rows
 * (same columns, one query, rows parsed by node-postgres), in the same run. Target ≤ 1.5× raw.
 */
import { randomUUID } from 'node:crypto';
import { caseStreamId } from '@cluebus/contracts';
import type { SqlClient } from '@cluebus/eventstore';
import { SQL_CLIENT } from '@cluebus/service/runtime/tokens';
import { sampleEvents } from '../../libs/audit/test/sample-log';
import { startStandalone } from '../support/standalone-app';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export default async function replayBench(args: string[]): Promise<void> {
  const count = arg(args, 'events', 10_000);
  const runs = arg(args, 'runs', 3);
  const running = await startStandalone('postgres', { CLUEBUS_CHECKPOINT_SECONDS: '0' });
  try {
    const caseId = randomUUID();
    const meta = { department: 'nhc:341300', actor: 'nhc:341300', occurredAt: new Date().toISOString(), causationId: randomUUID(), correlationId: randomUUID() };
    const appends: Array<() => Promise<unknown>> = [];
    let caseVersion = -1;
    for (const e of sampleEvents(count, { seed: 14 })) {
      if (appends.length >= count) break;
      appends.push(() =>
        running.store.append(e.streamId, [{ eventId: randomUUID(), type: e.type, schemaVersion: 1, data: e.data, metadata: e.metadata }], { expectedVersion: e.streamPosition === 0 ? 'no-stream' : e.streamPosition - 1 }),
      );
      if (e.type === 'ClueRegistered' && appends.length < count) {
        const v = caseVersion++;
        const clueId = e.data.clueId as string;
        const event = v === -1 ? { type: 'CaseOpened', data: { caseId, lead: 'nhc:341300', title: '系列回扣案', basis: '依规', clueIds: [clueId] } } : { type: 'ClueAttachedToCase', data: { caseId, clueId, by: 'nhc:341300' } };
        appends.push(() => running.store.append(caseStreamId(caseId), [{ eventId: randomUUID(), schemaVersion: 1, ...event, metadata: meta }], { expectedVersion: v === -1 ? 'no-stream' : v }));
      }
    }
    for (let i = 0; i < appends.length; i += 500) await Promise.all(appends.slice(i, i + 500).map((a) => a()));
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
    await http();
    await raw();
    const h = await time(http);
    const s = await time(raw);
    console.log(`\n| measurement | events | best ms | vs raw SQL | ≤ 1.5× |\n|---|---|---|---|---|`);
    console.log(`| GET /v1/cases/:id/timeline over HTTP | ${h.n} | ${h.bestMs.toFixed(0)} | ${(h.bestMs / s.bestMs).toFixed(2)}× | ${h.bestMs / s.bestMs <= 1.5 ? 'met' : 'NOT met'} |`);
    console.log(`| raw SQL read of the same rows (node-postgres) | ${s.n} | ${s.bestMs.toFixed(0)} | 1× | |`);
  } finally {
    await running.close();
  }
}
