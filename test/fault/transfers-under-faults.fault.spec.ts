/**
 * Faults under load, seven OS processes on real Kafka and PostgreSQL: while 5,000 transfers go
 * in over HTTP (nhc's process, 24 in flight), samr's process is killed with -9 and started
 * again, and the broker is restarted once. Afterwards every department's inbox must hold
 * exactly the transfers the store says were addressed to it — 0 lost, 0 duplicated — and every
 * event of its inbox topic must have been applied exactly once (dedup marks vs the store).
 *
 *   npm run test:fault                    (CLUEBUS_FAULT_TRANSFERS=n for a shorter local run)
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { audienceCodes, DeadLetterAdmin, KafkaBus } from '@cluebus/bus';
import { DEPARTMENT_CODES, type DepartmentCode, type RecordedEvent } from '@cluebus/contracts';
import { ApiClient, eventually } from '../support/api-client';
import { getKafkaBrokers, restartKafka } from '../support/kafka/kafka-broker';
import { clusterOnFreshDatabase } from '../support/cluster-fixture';
import { BASIS, kickbackClue } from '../fixtures/clues';

const TRANSFERS = Number(process.env.CLUEBUS_FAULT_TRANSFERS ?? 5_000);
const IN_FLIGHT = 24;
const VICTIM: DepartmentCode = 'samr';

/** Who transfer i goes to: samr in most, every department but nhc (the sender) in some. */
const RECIPIENTS: DepartmentCode[][] = [['samr'], ['samr', 'sta'], ['samr', 'ccdi'], ['samr', 'sta', 'ccdi'], ['nhsa', 'mps'], ['samr', 'nhsa'], ['mps'], ['sta', 'ccdi']];

jest.setTimeout(1_200_000);

describe('transfers under faults (kill -9 a department, restart the broker)', () => {
  const ctx = clusterOnFreshDatabase('cluebus_fault');

  it(`given ${TRANSFERS} transfers in flight, when ${VICTIM} is killed -9 and restarted and the broker restarts, then every inbox holds exactly its transfers, each event applied once`, async () => {
    const started = Date.now();
    const log = (msg: string) => console.log(`[fault +${((Date.now() - started) / 1000).toFixed(1)} s] ${msg}`);
    const nhc = ctx.cluster.client('nhc', '王科员');

    // --- the faults, triggered by progress, while the load keeps running -----------------------
    let done = 0;
    let victimDown: { from: number; to?: number } | undefined;
    const faults: string[] = [];
    let chain = Promise.resolve(); // one fault after the other (the restart needs the kill done)
    const at = (fraction: number, what: string, fault: () => Promise<void>) => {
      let fired = false;
      return () => {
        if (fired || done < TRANSFERS * fraction) return;
        fired = true;
        faults.push(what);
        chain = chain.then(async () => {
          log(`${what} (after ${done} transfers)`);
          await fault();
          log(`${what}: done`);
        });
      };
    };
    const schedule = [
      at(0.15, `kill -9 ${VICTIM}`, async () => {
        victimDown = { from: Date.now() };
        await ctx.cluster.services[VICTIM].kill9();
      }),
      at(0.3, `start ${VICTIM} again, kill -9 it while it catches up, start it again`, async () => {
        const rows = async () => (await ctx.pg.query(`SELECT count(*)::int AS n FROM cluebus_inbox WHERE department LIKE $1`, [`${VICTIM}:%`])).rows[0].n as number;
        const before = await rows();
        await ctx.cluster.services[VICTIM].start();
        // Killed mid catch-up, it has handled messages whose offsets are not committed yet:
        // they come again after the restart and the dedup must absorb them.
        const catching = await eventually(async () => (await rows()) >= before + 20, 60_000, `${VICTIM} catching up`).catch(() => false);
        log(`${VICTIM} caught up ${(await rows()) - before} transfers; kill -9 ${catching ? 'mid catch-up' : '(catch-up not seen)'}`);
        await ctx.cluster.services[VICTIM].kill9();
        await ctx.cluster.services[VICTIM].start();
        victimDown!.to = Date.now();
      }),
      at(0.55, 'restart the Kafka broker', () => restartKafka()),
    ];

    // --- the load: register + transfer, IN_FLIGHT at a time, over HTTP to nhc's process -------
    let retries = 0;
    let sentWhileVictimDown = 0;
    const post = async (path: string, body: object, key: string) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await nhc.post(path, body, { 'Idempotency-Key': key }); // a retry is a no-op, never a second transfer
          if (res.status < 500) return res;
          if (attempt >= 5) return res;
        } catch (error) {
          if (attempt >= 5) throw error;
        }
        retries++;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    };
    let next = 0;
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < TRANSFERS) {
          const i = next++;
          const clue = await post('/v1/clues', kickbackClue(), `fault-${i}-register`);
          if (clue.status !== 201) {
            failures.push(`register ${i}: ${clue.status} ${JSON.stringify(clue.body)}`);
            continue;
          }
          const to = RECIPIENTS[i % RECIPIENTS.length];
          const transfer = await post(`/v1/clues/${clue.body.clueId}/transfers`, { to, basis: BASIS }, `fault-${i}-transfer`);
          if (transfer.status !== 201) failures.push(`transfer ${i}: ${transfer.status} ${JSON.stringify(transfer.body)}`);
          else if (to.includes(VICTIM) && victimDown && victimDown.to === undefined) sentWhileVictimDown++;
          done++;
          schedule.forEach((check) => check());
        }
      }),
    );
    const loadMs = Date.now() - started;
    log(`load done: ${TRANSFERS} transfers in ${loadMs} ms (${((TRANSFERS / loadMs) * 1000).toFixed(0)}/s), ${retries} HTTP retries`);
    await chain;
    expect(failures).toEqual([]);
    expect(faults).toHaveLength(schedule.length); // every fault fired during the load
    expect(sentWhileVictimDown).toBeGreaterThan(0); // samr really missed transfers while down

    // --- what the store says should be where ---------------------------------------------------
    const events = await readStore(ctx.pg);
    const transfers = events.filter((e) => e.type === 'ClueTransferred');
    expect(transfers).toHaveLength(TRANSFERS);
    expect(events.filter((e) => e.type === 'ClueRegistered')).toHaveLength(TRANSFERS);
    const expectedInbox = new Map<DepartmentCode, Set<string>>(DEPARTMENT_CODES.map((d) => [d, new Set()]));
    for (const t of transfers) for (const to of t.data.to as string[]) expectedInbox.get(to.split(':')[0] as DepartmentCode)!.add(String(t.data.transferId));
    const expectedApplied = new Map<DepartmentCode, Set<string>>(DEPARTMENT_CODES.map((d) => [d, new Set()]));
    for (const e of events) for (const code of audienceCodes(e)) expectedApplied.get(code as DepartmentCode)!.add(e.eventId);

    // --- wait until the consumers are through (the relay and the restarted samr catch up) ------
    await eventually(async () => {
      const { rows } = await ctx.pg.query<{ consumer: string; n: number }>(`SELECT consumer, count(*)::int AS n FROM cluebus_processed_events GROUP BY consumer`);
      const n = new Map(rows.map((r) => [r.consumer, r.n]));
      return DEPARTMENT_CODES.every((d) => (n.get(`inbox-${d}`) ?? 0) === expectedApplied.get(d)!.size) && n.get('ledger') === events.length;
    }, 300_000, 'every consumer through all its events');
    log('all consumers caught up');

    // --- then: 0 lost, 0 duplicated, per department, by id -------------------------------------
    const report: Record<string, unknown> = {};
    for (const d of DEPARTMENT_CODES) {
      const { rows: inbox } = await ctx.pg.query<{ transfer_id: string }>(`SELECT transfer_id FROM cluebus_inbox WHERE department LIKE $1 || ':%'`, [d]);
      const actual = inbox.map((r) => r.transfer_id);
      const expected = expectedInbox.get(d)!;
      const present = new Set(actual);
      const lost = [...expected].filter((id) => !present.has(id));
      const unexpected = actual.filter((id) => !expected.has(id));
      const duplicated = actual.length - new Set(actual).size;
      expect({ department: d, count: actual.length, lost, unexpected, duplicated }).toEqual({ department: d, count: expected.size, lost: [], unexpected: [], duplicated: 0 });

      // every event of its inbox topic applied once: the dedup marks are exactly the store's events
      const { rows: marks } = await ctx.pg.query<{ event_id: string }>(`SELECT event_id FROM cluebus_processed_events WHERE consumer = $1`, [`inbox-${d}`]);
      const applied = new Set(marks.map((m) => m.event_id));
      expect({ department: d, marks: marks.length, missing: [...expectedApplied.get(d)!].filter((id) => !applied.has(id)) }).toEqual({ department: d, marks: expectedApplied.get(d)!.size, missing: [] });
      report[d] = { inbox: actual.length, eventsApplied: marks.length };
    }

    // samr's own (restarted) process serves all of it over HTTP
    const samrInbox = (await ctx.cluster.client(VICTIM).get('/v1/inbox')).body.items as Array<{ transferId: string }>;
    expect(samrInbox.length).toBe(expectedInbox.get(VICTIM)!.size);
    expect(new Set(samrInbox.map((i) => i.transferId))).toEqual(expectedInbox.get(VICTIM));

    // the read side too: each event once into the ledger, counts equal to the store's
    const ledger = (await ctx.cluster.ledger().get('/v1/ledger/departments')).body.departments as Array<{ department: string; transfersReceived: number; transfersSent: number }>;
    for (const d of DEPARTMENT_CODES.filter((c) => c !== 'nhc')) {
      expect({ d, received: ledger.find((r) => r.department === `${d}:${ctx.cluster.region}`)?.transfersReceived ?? 0 }).toEqual({ d, received: expectedInbox.get(d)!.size });
    }
    expect(ledger.find((r) => r.department === `nhc:${ctx.cluster.region}`)?.transfersSent).toBe(TRANSFERS);
    expect(await new ApiClient(ctx.cluster.services.ledger.url, '').get('/health')).toMatchObject({ body: { relayPosition: events.length, headPosition: events.length } });

    // nothing was parked: the faults caused redeliveries, not poison
    const bus = new KafkaBus({ brokers: getKafkaBrokers(), clientId: 'fault-test', namespace: ctx.cluster.namespace });
    try {
      expect(await new DeadLetterAdmin(bus).list()).toEqual([]);
    } finally {
      await bus.close();
    }

    const redeliveries = Object.fromEntries(DEPARTMENT_CODES.map((d) => [d, redeliveriesIn(ctx.cluster.services[d].logFile)]));
    log(
      `verified in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(report)}; ${sentWhileVictimDown} transfers to ${VICTIM} ` +
        `while it was down for ${victimDown!.to! - victimDown!.from} ms; redeliveries absorbed by the dedup, per department: ${JSON.stringify(redeliveries)}`,
    );
  });
});

async function readStore(pg: Client): Promise<RecordedEvent[]> {
  const { rows } = await pg.query(`SELECT event_id, type, data, stream_id, global_position FROM cluebus_events ORDER BY global_position`);
  return rows.map((r) => ({ eventId: r.event_id, type: r.type, data: r.data, streamId: r.stream_id, globalPosition: Number(r.global_position) }) as RecordedEvent);
}

/** Sum over the process's incarnations of the last "duplicates" its inbox consumer reported. */
function redeliveriesIn(logFile: string): number {
  let total = 0;
  for (const incarnation of readFileSync(logFile, 'utf8').split(/^=== .* start #/m)) {
    const last = [...incarnation.matchAll(/"msg":"consumer progress".*?"duplicates":(\d+)/g)].pop();
    total += last ? Number(last[1]) : 0;
  }
  return total;
}
