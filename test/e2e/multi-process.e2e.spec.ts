/**
 * The production shape, end to end: one Kafka broker (the suite's global setup), one PostgreSQL
 * event store, and seven OS processes — the six department services (apps/<dept>) and the read
 * side (apps/ledger, which runs the relay) — each started from dist/ with its own port and keys.
 */
import { Client } from 'pg';
import { ApiClient, eventually } from '../support/api-client';
import { clusterOnFreshDatabase } from '../support/cluster-fixture';
import { BASIS, kickbackClue } from '../fixtures/clues';

jest.setTimeout(180_000);

describe('seven processes on Kafka and PostgreSQL', () => {
  const ctx = clusterOnFreshDatabase('cluebus_multi');

  const inboxOf = async (who: ApiClient, transferId: string) => ((await who.get('/v1/inbox')).body.items as Array<{ transferId: string; status: string }>).filter((i) => i.transferId === transferId);

  async function registerAndTransfer(to: string[]): Promise<{ clueId: string; transferId: string }> {
    const nhc = ctx.cluster.client('nhc', '王科员');
    const registered = await nhc.post('/v1/clues', kickbackClue());
    expect(registered.status).toBe(201);
    const transfer = await nhc.post(`/v1/clues/${registered.body.clueId}/transfers`, { to, basis: BASIS });
    expect(transfer.status).toBe(201);
    return { clueId: registered.body.clueId, transferId: transfer.body.transferId };
  }

  it('given the seven processes, when each health endpoint is asked, then each is its own process hosting its own department', async () => {
    const pids = new Set(Object.values(ctx.cluster.services).map((s) => s.pid));
    expect(pids.size).toBe(7);
    for (const code of ['nhc', 'nhsa', 'mps', 'sta', 'samr', 'ccdi'] as const) {
      const health = await new ApiClient(ctx.cluster.services[code].url, '').get('/health');
      expect(health.body).toMatchObject({ status: 'ok', mode: 'department', departments: [code], store: 'postgres', bus: 'kafka', relayPosition: null });
    }
    expect((await new ApiClient(ctx.cluster.services.ledger.url, '').get('/health')).body).toMatchObject({ status: 'ok', service: 'ledger', relayPosition: expect.any(Number) });
    // A department's key is only good at its own process.
    expect((await new ApiClient(ctx.cluster.services.samr.url, ctx.cluster.keys.nhc).get('/v1/inbox')).status).toBe(401);
  });

  it('given a clue registered at nhc, when nhc transfers it to samr, sta and ccdi, then each recipient process shows it once in GET /v1/inbox and the ledger counts it', async () => {
    // given / when
    const { clueId, transferId } = await registerAndTransfer(['samr', 'sta', 'ccdi']);

    // then: each recipient's own process serves it, exactly once
    for (const code of ['samr', 'sta', 'ccdi'] as const) {
      const items = await eventually(async () => {
        const found = await inboxOf(ctx.cluster.client(code), transferId);
        return found.length > 0 && found;
      }, 30_000, `${code} inbox item`);
      expect(items).toEqual([expect.objectContaining({ transferId, clueId, from: 'nhc:341300', status: 'pending', basis: BASIS })]);
    }
    // ...and not the departments it was not sent to
    for (const code of ['nhsa', 'mps'] as const) expect(await inboxOf(ctx.cluster.client(code), transferId)).toEqual([]);

    // the read side (its own process, fed by cluebus.events) counts the transfer
    const ledger = ctx.cluster.ledger();
    await eventually(async () => (await ledger.get('/v1/ledger/departments/ccdi:341300')).body.transfersReceived === 1, 30_000, 'ledger counts ccdi');
    const rows = (await ledger.get('/v1/ledger/departments')).body.departments;
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ department: 'nhc:341300', cluesRegistered: 1, transfersSent: 1 }),
        expect.objectContaining({ department: 'samr:341300', transfersReceived: 1, pending: 1 }),
        expect.objectContaining({ department: 'sta:341300', transfersReceived: 1, pending: 1 }),
      ]),
    );

    // when samr acknowledges through its own process, its inbox and the ledger follow
    const samr = ctx.cluster.client('samr', '赵调查员');
    expect((await samr.post(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`, {})).status).toBe(200);
    await eventually(async () => (await inboxOf(samr, transferId))[0]?.status === 'acknowledged', 30_000, 'samr acknowledged in inbox');
    await eventually(async () => (await ledger.get('/v1/ledger/departments/samr:341300')).body.acknowledged === 1, 30_000, 'ledger acknowledged');
  });

  it('given mps killed with -9, when a clue is transferred to it and mps comes back, then mps receives it exactly once', async () => {
    // given
    await ctx.cluster.services.mps.kill9();

    // when
    const { transferId } = await registerAndTransfer(['mps', 'samr']);
    await eventually(async () => (await inboxOf(ctx.cluster.client('samr'), transferId)).length === 1, 30_000, 'samr got it while mps is down');
    const { rows: before } = await ctx.pg.query(`SELECT count(*)::int AS n FROM cluebus_inbox WHERE transfer_id = $1 AND department LIKE 'mps:%'`, [transferId]);
    expect(before[0].n).toBe(0);
    await ctx.cluster.services.mps.start();

    // then
    const items = await eventually(async () => {
      const found = await inboxOf(ctx.cluster.client('mps'), transferId);
      return found.length > 0 && found;
    }, 60_000, 'mps inbox after restart');
    expect(items).toHaveLength(1);
    const { rows } = await ctx.pg.query(
      `SELECT count(*)::int AS n FROM cluebus_processed_events p JOIN cluebus_events e ON e.event_id = p.event_id
       WHERE p.consumer = 'inbox-mps' AND e.type = 'ClueTransferred' AND e.data->>'transferId' = $1`,
      [transferId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('given events from several processes, when the lead unit nhc checkpoints the log, then an investigator verifies the whole shared log clean', async () => {
    await registerAndTransfer(['samr']);
    const investigator = new ApiClient(ctx.cluster.services.nhc.url, ctx.cluster.investigatorKey);
    const { rows } = await ctx.pg.query(`SELECT max(global_position)::int AS head FROM cluebus_events`);
    const checkpoint = await eventually(async () => {
      const res = await investigator.get('/v1/audit/checkpoints/latest');
      return res.status === 200 && res.body.treeSize >= rows[0].head && res.body;
    }, 30_000, 'a checkpoint covering the log');
    expect(checkpoint.signature).toEqual(expect.any(String));
    const verified = await investigator.post('/v1/audit/verify', {});
    expect(verified.status).toBeLessThan(300);
    expect(verified.body).toMatchObject({ ok: true });
    expect(verified.body.checked).toBeGreaterThanOrEqual(rows[0].head);
    expect((await ctx.cluster.client('samr').get('/v1/audit/checkpoints/latest')).status).toBe(403);
  });
});
