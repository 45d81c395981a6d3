/**
 * The processor host under faults, as OS processes on real Kafka and PostgreSQL (issue #9):
 * two ledger processes (the relay is a singleton behind a lease: one active, one standby) and
 * two samr processes in one consumer group (they share its partitions).
 *
 * - kill -9 of the active ledger during 2,000 transfers: the standby relays within 10 s, and
 *   every event reaches every inbox exactly once (checked against the store);
 * - kill -9 of one samr member during the same load: the other takes its partitions; 0 lost,
 *   0 applied twice, and per-clue order held (each samr transfer is acknowledged by samr right
 *   after it arrives: applied out of order, the inbox row would stay `pending`);
 * - SIGSTOP of the active relay past its lease, then SIGCONT: the standby took over, and the
 *   woken old leader moved no position back and wrote nothing under its old token.
 *
 *   npm run test:fault -- processors-failover       (CLUEBUS_FAILOVER_TRANSFERS=n for a shorter run)
 */
import { DEPARTMENT_CODES, type DepartmentCode } from '@cluebus/contracts';
import { audienceCodes } from '@cluebus/bus';
import type { RecordedEvent } from '@cluebus/contracts';
import type { Client } from 'pg';
import { ApiClient, eventually } from '../support/api-client';
import { clusterOnFreshDatabase } from '../support/cluster-fixture';
import type { ServiceProcess } from '../support/processes';
import { BASIS, kickbackClue } from '../fixtures/clues';

const TRANSFERS = Number(process.env.CLUEBUS_FAILOVER_TRANSFERS ?? 2_000);
const IN_FLIGHT = 16;
const DEPARTMENTS: DepartmentCode[] = ['nhc', 'samr', 'sta'];
const RECIPIENTS: DepartmentCode[][] = [['samr'], ['samr', 'sta'], ['sta'], ['samr']];

jest.setTimeout(900_000);

interface ProcessorStatus {
  name: string;
  state: string;
  applied?: number;
  lease?: { token?: number };
}

async function processors(s: ServiceProcess): Promise<ProcessorStatus[] | undefined> {
  if (!s.running) return undefined;
  try {
    const res = await new ApiClient(s.url, '').get('/health');
    return res.status === 200 ? (res.body.processors as ProcessorStatus[]) : undefined;
  } catch {
    return undefined;
  }
}

const stateOf = async (s: ServiceProcess, name: string) => (await processors(s))?.find((p) => p.name === name);

describe('processors under faults: a standby relay, a shared consumer group', () => {
  const ctx = clusterOnFreshDatabase('cluebus_failover', { departments: DEPARTMENTS, replicas: { ledger: 2, samr: 2 } });
  const log = (msg: string) => console.log(`[failover] ${msg}`);

  /** Which ledger relays now: exactly one of the two, or the test fails. */
  async function activeRelay(): Promise<{ active: ServiceProcess; standby: ServiceProcess }> {
    const ledgers = [ctx.cluster.services.ledger, ctx.cluster.services['ledger-2']];
    return eventually(async () => {
      const states = await Promise.all(ledgers.map(async (l) => (await stateOf(l, 'relay'))?.state));
      const active = ledgers.filter((_, i) => states[i] === 'active');
      const standby = ledgers.filter((_, i) => states[i] === 'standby');
      return active.length === 1 && standby.length === 1 ? { active: active[0], standby: standby[0] } : undefined;
    }, 20_000, 'exactly one active relay and one standby');
  }

  it(`given ${TRANSFERS} transfers in flight, when the active ledger and one samr member are killed -9, then the standby relays within 10 s and every event reaches every inbox exactly once, in order`, async () => {
    const nhc = ctx.cluster.client('nhc', '王科员');
    const samr = ctx.cluster.client('samr', '赵科员');
    const { active, standby } = await activeRelay();
    log(`${active.name} relays, ${standby.name} stands by`);

    let done = 0;
    let takeoverMs: number | undefined;
    let samrMembersBeforeKill: number[] = [];
    const faults: Array<Promise<void>> = [];
    let ledgerKilled = false;
    let samrKilled = false;
    const onProgress = () => {
      if (!ledgerKilled && done >= TRANSFERS * 0.25) {
        ledgerKilled = true;
        faults.push(
          (async () => {
            log(`kill -9 ${active.name} after ${done} transfers`);
            const killedAt = Date.now();
            await active.kill9();
            await eventually(async () => (await stateOf(standby, 'relay'))?.state === 'active', 30_000, `${standby.name} taking the relay over`);
            takeoverMs = Date.now() - killedAt;
            log(`${standby.name} relays after ${takeoverMs} ms`);
          })(),
        );
      }
      if (!samrKilled && done >= TRANSFERS * 0.5) {
        samrKilled = true;
        faults.push(
          (async () => {
            const members = [ctx.cluster.services.samr, ctx.cluster.services['samr-2']];
            samrMembersBeforeKill = await Promise.all(members.map(async (m) => (await stateOf(m, 'inbox-samr'))?.applied ?? 0));
            log(`samr members applied ${JSON.stringify(samrMembersBeforeKill)} before kill -9 samr-2 (after ${done} transfers)`);
            await ctx.cluster.services['samr-2'].kill9();
          })(),
        );
      }
    };

    const post = async (client: ApiClient, path: string, body: object, key: string) => {
      for (let attempt = 1; ; attempt++) {
        const res = await client.post(path, body, { 'Idempotency-Key': key }).catch((e: Error) => ({ status: 599, body: e.message }));
        if (res.status < 500 || attempt >= 5) return res;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    };
    const failures: string[] = [];
    const acknowledged = new Set<string>();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < TRANSFERS) {
          const i = next++;
          const clue = await post(nhc, '/v1/clues', kickbackClue(), `fo-${i}-register`);
          if (clue.status !== 201) {
            failures.push(`register ${i}: ${clue.status}`);
            continue;
          }
          const to = RECIPIENTS[i % RECIPIENTS.length];
          const transfer = await post(nhc, `/v1/clues/${clue.body.clueId}/transfers`, { to, basis: BASIS }, `fo-${i}-transfer`);
          if (transfer.status !== 201) failures.push(`transfer ${i}: ${transfer.status} ${JSON.stringify(transfer.body)}`);
          else if (to.includes('samr')) {
            // samr acknowledges at once: its inbox sees ClueTransferred and TransferAcknowledged
            // of one clue back to back, so an out-of-order apply would leave the row pending.
            const ack = await post(samr, `/v1/clues/${clue.body.clueId}/transfers/${transfer.body.transferId}/acknowledge`, {}, `fo-${i}-ack`);
            if (ack.status !== 201 && ack.status !== 200) failures.push(`ack ${i}: ${ack.status} ${JSON.stringify(ack.body)}`);
            else acknowledged.add(String(transfer.body.transferId));
          }
          done++;
          onProgress();
        }
      }),
    );
    await Promise.all(faults);
    log(`load done: ${done} transfers, ${acknowledged.size} acknowledged by samr`);
    expect(failures).toEqual([]);
    expect(faults).toHaveLength(2);
    expect(takeoverMs).toBeLessThanOrEqual(10_000);
    // both samr members had partitions (each applied some) before one was killed
    expect(samrMembersBeforeKill.every((n) => n > 0)).toBe(true);

    const events = await readStore(ctx.pg);
    const expected = expectedApplications(events);
    await eventually(async () => {
      const n = await marksPerConsumer(ctx.pg);
      return DEPARTMENTS.every((d) => (n.get(`inbox-${d}`) ?? 0) === expected.get(d)!.size) && n.get('ledger') === events.length;
    }, 180_000, 'every consumer through all its events');

    for (const d of DEPARTMENTS) {
      // every event addressed to d applied once: its marks are exactly the store's events for d
      const { rows } = await ctx.pg.query<{ event_id: string }>(`SELECT event_id FROM cluebus_processed_events WHERE consumer = $1`, [`inbox-${d}`]);
      const marks = new Set(rows.map((r) => r.event_id));
      expect({ d, marks: rows.length, missing: [...expected.get(d)!].filter((id) => !marks.has(id)) }).toEqual({ d, marks: expected.get(d)!.size, missing: [] });
    }
    const transfersTo = (d: DepartmentCode) => events.filter((e) => e.type === 'ClueTransferred' && (e.data.to as string[]).some((t) => t.startsWith(`${d}:`))).length;
    const { rows: inbox } = await ctx.pg.query<{ department: string; status: string; n: number }>(
      `SELECT split_part(department, ':', 1) AS department, status, count(*)::int AS n FROM cluebus_inbox GROUP BY 1, 2`,
    );
    const count = (d: string, status: string) => inbox.find((r) => r.department === d && r.status === status)?.n ?? 0;
    expect({ samrAcknowledged: count('samr', 'acknowledged'), samrPending: count('samr', 'pending') }).toEqual({ samrAcknowledged: acknowledged.size, samrPending: 0 });
    expect(count('sta', 'pending')).toBe(transfersTo('sta'));
    // the ledger's counters are not idempotent by themselves (+1 per apply): an event applied
    // twice across the two ledger replicas or the takeover would show here
    const { rows: ledger } = await ctx.pg.query<{ department: string; transfers_received: number; acknowledged: number; transfers_sent: number }>(
      `SELECT department, transfers_received, acknowledged, transfers_sent FROM cluebus_ledger_departments`,
    );
    const row = (d: string) => ledger.find((r) => r.department.startsWith(`${d}:`));
    expect({ samr: row('samr')?.transfers_received, samrAck: row('samr')?.acknowledged, sta: row('sta')?.transfers_received, nhcSent: row('nhc')?.transfers_sent }).toEqual({
      samr: transfersTo('samr'),
      samrAck: acknowledged.size,
      sta: transfersTo('sta'),
      nhcSent: TRANSFERS,
    });
    // the relay's checkpoint reached the head: the standby continued where the dead one stopped
    const { rows: cp } = await ctx.pg.query<{ position: string }>(`SELECT position FROM cluebus_checkpoints WHERE name = 'relay'`);
    expect(Number(cp[0].position)).toBe(events.length);
  });

  it('given the active relay frozen (SIGSTOP) past its lease, when it wakes (SIGCONT), then the standby has taken over and the old leader moved no position back and wrote nothing under its old token', async () => {
    for (const id of ['ledger', 'ledger-2']) if (!ctx.cluster.services[id].running) await ctx.cluster.services[id].start();
    const { active, standby } = await activeRelay();
    const oldToken = (await stateOf(active, 'relay'))!.lease!.token!;
    const nhc = ctx.cluster.client('nhc', '王科员');

    // the relay's checkpoint, sampled throughout: it must never decrease
    const samples: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await ctx.pg.query<{ position: string }>(`SELECT position FROM cluebus_checkpoints WHERE name = 'relay'`);
        samples.push(Number(rows[0]?.position ?? 0));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    let loading = true;
    let sent = 0;
    const load = (async () => {
      while (loading) {
        const clue = await nhc.post('/v1/clues', kickbackClue(), { 'Idempotency-Key': `stop-${sent}-register` });
        await nhc.post(`/v1/clues/${clue.body.clueId}/transfers`, { to: ['sta'], basis: BASIS }, { 'Idempotency-Key': `stop-${sent}-transfer` });
        sent++;
      }
    })();

    log(`SIGSTOP ${active.name} (relay token ${oldToken})`);
    active.pause();
    const frozenAt = Date.now();
    await eventually(async () => (await stateOf(standby, 'relay'))?.state === 'active', 30_000, `${standby.name} taking over from the frozen relay`);
    log(`${standby.name} relays after ${Date.now() - frozenAt} ms`);
    await new Promise((r) => setTimeout(r, 2_000)); // the new leader ships for a while
    active.resume();
    log(`SIGCONT ${active.name}`);
    await eventually(async () => (await stateOf(active, 'relay'))?.state === 'standby', 30_000, `${active.name} standing by after it woke`);
    await new Promise((r) => setTimeout(r, 2_000));
    loading = false;
    await load;
    const head = (await readStore(ctx.pg)).length;
    await eventually(async () => samples.at(-1) === head, 60_000, 'the relay reaching the head');
    sampling = false;
    await sampler;

    expect(sent).toBeGreaterThan(0);
    const backwards = samples.filter((p, i) => i > 0 && p < samples[i - 1]);
    expect(backwards).toEqual([]);
    const { rows: lease } = await ctx.pg.query<{ token: string }>(`SELECT token FROM cluebus_leases WHERE name = 'relay'`);
    expect(Number(lease[0].token)).toBeGreaterThan(oldToken);
    // the woken process saw its lease gone and said so, instead of relaying on
    expect(active.logTail(400)).toMatch(/singleton standing by: lease lost/);
    expect((await stateOf(standby, 'relay'))?.state).toBe('active');
  });
});

function expectedApplications(events: RecordedEvent[]): Map<DepartmentCode, Set<string>> {
  const expected = new Map<DepartmentCode, Set<string>>(DEPARTMENT_CODES.map((d) => [d, new Set()]));
  for (const e of events) for (const code of audienceCodes(e)) expected.get(code as DepartmentCode)!.add(e.eventId);
  return expected;
}

async function marksPerConsumer(pg: Client): Promise<Map<string, number>> {
  const { rows } = await pg.query<{ consumer: string; n: number }>(`SELECT consumer, count(*)::int AS n FROM cluebus_processed_events GROUP BY consumer`);
  return new Map(rows.map((r) => [r.consumer, r.n]));
}

async function readStore(pg: Client): Promise<RecordedEvent[]> {
  const { rows } = await pg.query(`SELECT event_id, type, data, stream_id, global_position FROM cluebus_events ORDER BY global_position`);
  return rows.map((r) => ({ eventId: r.event_id, type: r.type, data: r.data, streamId: r.stream_id, globalPosition: Number(r.global_position) }) as RecordedEvent);
}
