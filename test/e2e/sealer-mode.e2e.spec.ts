/**
 * CLUEBUS_SEALING=sealer in the production shape (docs/adr/0009): four processes (nhc, samr,
 * ccdi and the ledger) append concurrently, each declares the `sealer` singleton and the lease
 * lets one of them seal. A clue handed over reaches its recipients as with inline sealing; the
 * process that seals is killed -9 and another takes the lease; the log stays 1..n, each event once.
 */
import { ApiClient, eventually } from '../support/api-client';
import { clusterOnFreshDatabase } from '../support/cluster-fixture';
import { BASIS, kickbackClue } from '../fixtures/clues';

jest.setTimeout(180_000);

type Health = { processors: Array<{ name: string; state: string }> };

describe('sealing by the sealer processor across processes', () => {
  const ctx = clusterOnFreshDatabase('cluebus_sealer_mode', { departments: ['nhc', 'samr', 'ccdi'], env: { CLUEBUS_SEALING: 'sealer', CLUEBUS_LEASE_TTL_MS: '2000' } });

  const sealerState = async (name: string) =>
    ((await new ApiClient(ctx.cluster.services[name].url, '').get('/health')).body as Health).processors.find((p) => p.name === 'sealer')?.state;
  const activeSealers = async () => {
    const names = Object.keys(ctx.cluster.services).filter((n) => ctx.cluster.services[n].running);
    const states = await Promise.all(names.map(async (n) => [n, await sealerState(n)] as const));
    return states.filter(([, s]) => s === 'active').map(([n]) => n);
  };

  async function handOver(): Promise<string> {
    const nhc = ctx.cluster.client('nhc', '王科员');
    const registered = await nhc.post('/v1/clues', kickbackClue());
    expect(registered.status).toBe(201);
    const transfer = await nhc.post(`/v1/clues/${registered.body.clueId}/transfers`, { to: ['samr', 'ccdi'], basis: BASIS });
    expect(transfer.status).toBe(201);
    for (const code of ['samr', 'ccdi'] as const) {
      await eventually(
        async () => ((await ctx.cluster.client(code).get('/v1/inbox')).body.items as Array<{ transferId: string }>).some((i) => i.transferId === transfer.body.transferId),
        30_000,
        `${code} inbox item`,
      );
    }
    return transfer.body.transferId;
  }

  async function expectContiguousLog(): Promise<void> {
    const { rows } = await ctx.pg.query<{ n: string; max: string; ids: string }>(
      `SELECT count(*) AS n, coalesce(max(global_position), 0) AS max, count(DISTINCT event_id) AS ids FROM cluebus_events`,
    );
    expect(Number(rows[0].n)).toBeGreaterThan(0);
    expect(Number(rows[0].max)).toBe(Number(rows[0].n));
    expect(Number(rows[0].ids)).toBe(Number(rows[0].n));
    expect((await ctx.pg.query(`SELECT 1 FROM cluebus_pending`)).rows).toEqual([]);
  }

  it('given four processes on sealing=sealer, when a clue is handed over, then exactly one process seals, the recipients get it, and the log is contiguous', async () => {
    expect(await eventually(async () => (await activeSealers()).length === 1 && (await activeSealers()), 30_000, 'one active sealer')).toHaveLength(1);
    await handOver();
    await expectContiguousLog();
  });

  it('given the sealing process killed -9, when another has taken the lease and clues are handed over again, then every hand-over arrives and the log stays contiguous', async () => {
    const [victim] = await activeSealers();
    await ctx.cluster.services[victim].kill9();
    const next = await eventually(async () => {
      const active = await activeSealers();
      return active.length === 1 && active;
    }, 30_000, 'another process sealing');
    expect(next).not.toContain(victim);
    await ctx.cluster.services[victim].start(); // every service is needed again for the hand-over (nhc appends, the ledger relays)
    await handOver();
    await expectContiguousLog();
  });
});
