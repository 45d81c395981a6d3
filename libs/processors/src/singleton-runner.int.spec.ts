import { InProcessBus, SqlCheckpointStore } from '@cluebus/bus';
import { PostgresSqlClient } from '@cluebus/eventstore';
import { createTestDatabase } from '../../../test/support/postgres-database';
import { type Fence, LEASE_SCHEMA, LeaseLostError, SqlLease } from './lease';
import type { SingletonProcessor } from './processor';
import { ProcessorHost } from './processor-host';

const TTL = 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A singleton that writes a fenced checkpoint every 50 ms while it runs, and records who it was. */
function ticker(sql: PostgresSqlClient, who: string, log: string[]): SingletonProcessor {
  return {
    kind: 'singleton',
    name: 'ticker',
    async start(fence) {
      log.push(`${who} active (token ${fence.token})`);
      const checkpoints = new SqlCheckpointStore(sql, fence);
      let n = 0;
      let stopped = false;
      const loop = (async () => {
        while (!stopped) {
          await checkpoints.save('ticker', (await checkpoints.load('ticker')) + 1).catch(() => undefined);
          n++;
          await sleep(50);
        }
      })();
      return {
        stop: async () => {
          stopped = true;
          await loop;
          log.push(`${who} stopped`);
        },
        status: () => ({ writes: n }),
      };
    },
  };
}

describe('singleton processors behind a PostgreSQL lease', () => {
  let db: { url: string; drop: () => Promise<void> };
  const clients: PostgresSqlClient[] = [];
  const open = () => {
    const c = new PostgresSqlClient({ connectionString: db.url, max: 4 });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    db = await createTestDatabase('cluebus_lease');
    const sql = open();
    await sql.exec(LEASE_SCHEMA);
    await sql.exec(`CREATE TABLE IF NOT EXISTS cluebus_checkpoints (name text PRIMARY KEY, position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await db.drop();
  });

  it('given two hosts declaring the same singleton, then exactly one is active; when the active one stops, the standby takes over within the lease', async () => {
    const log: string[] = [];
    const [a, b] = [open(), open()];
    const hostA = new ProcessorHost({ bus: new InProcessBus(), sql: a, leaseTtlMs: TTL, holder: 'A', reportEveryMs: 0 });
    const hostB = new ProcessorHost({ bus: new InProcessBus(), sql: b, leaseTtlMs: TTL, holder: 'B', reportEveryMs: 0 });
    await hostA.start([ticker(a, 'A', log)]);
    await hostB.start([ticker(b, 'B', log)]);
    await sleep(3 * TTL); // several renewals: the active one keeps it, the standby keeps waiting
    expect([hostA.find('ticker')?.state, hostB.find('ticker')?.state]).toEqual(['active', 'standby']);
    expect(log).toEqual(['A active (token 1)']);

    const stoppedAt = Date.now();
    await hostA.stop(); // graceful: the lease is released, the standby need not wait for it to expire
    while (hostB.find('ticker')?.state !== 'active') {
      if (Date.now() - stoppedAt > 2 * TTL) throw new Error('the standby did not take over');
      await sleep(20);
    }
    expect(log).toEqual(['A active (token 1)', 'A stopped', 'B active (token 2)']);
    await hostB.stop();
  });

  it('given a holder that stops renewing (a crash, or a pause past its lease), when another takes the lease, then every write under the old token is refused and the old holder learns it', async () => {
    const sql = open();
    const lease = (holder: string) => new SqlLease(sql, 'paused', holder, TTL);
    const old = lease('old');
    const oldToken = (await old.tryAcquire())!;
    expect(oldToken).toBeGreaterThan(0);
    expect(await lease('new').tryAcquire()).toBeUndefined(); // not expired yet: refused

    await sleep(TTL + 200); // the old holder is paused: no renewal
    const newToken = (await lease('new').tryAcquire())!;
    expect(newToken).toBe(oldToken + 1);

    const lost: LeaseLostError[] = [];
    const oldFence: Fence = old.fence(oldToken, (e) => lost.push(e));
    const checkpoints = new SqlCheckpointStore(sql, oldFence);
    await new SqlCheckpointStore(sql).save('paused', 100);
    await expect(checkpoints.save('paused', 101)).rejects.toBeInstanceOf(LeaseLostError);
    expect(lost).toHaveLength(1);
    expect(await new SqlCheckpointStore(sql).load('paused')).toBe(100);
    // …and it cannot renew its way back in.
    expect(await old.renew(oldToken)).toBe(false);
  });

  it('given a fenced write in flight, when a takeover happens meanwhile, then the takeover waits for that write and the write commits under the token it checked', async () => {
    const [w, t] = [open(), open()];
    const holder = new SqlLease(w, 'race', 'writer', TTL);
    const token = (await holder.tryAcquire())!;
    const fence = holder.fence(token, () => undefined);
    let takeoverDone = 0;
    let writeDone = 0;
    await sleep(TTL + 100); // expired: a takeover is allowed as soon as the row is free
    const write = w.transaction(async (tx) => {
      await fence.check(tx); // FOR SHARE on the lease row
      await sleep(300);
      writeDone = Date.now();
    });
    await sleep(50);
    const takeover = new SqlLease(t, 'race', 'taker', TTL).tryAcquire().then((tok) => {
      takeoverDone = Date.now();
      return tok;
    });
    expect(await takeover).toBe(token + 1);
    await write;
    expect(takeoverDone).toBeGreaterThanOrEqual(writeDone);
  });
});
