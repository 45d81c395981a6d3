/**
 * PostgreSQL gone for 30 s under load (issue #10): every service reaches the database through
 * a TCP proxy that, for the outage, cuts every connection and resets new ones — what the
 * services see when the server stops. Consumers must keep their Kafka group membership while
 * their batches wait the outage out (heartbeats go on), nothing may be lost, and afterwards
 * every transfer the API accepted is in its inbox, once.
 *
 *   npm run test:fault -- database-outage        (CLUEBUS_OUTAGE_MS=n for another length)
 */
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { DepartmentCode } from '@cluebus/contracts';
import { TcpProxy } from '../contract/support/tcp-proxy';
import { eventually } from '../support/api-client';
import { getKafkaBrokers } from '../support/kafka/kafka-broker';
import { createTestDatabase } from '../support/postgres-database';
import { type Cluster, ensureBuilt, startCluster } from '../support/processes';
import { BASIS, kickbackClue } from '../fixtures/clues';

const OUTAGE_MS = Number(process.env.CLUEBUS_OUTAGE_MS ?? 30_000);
const DEPARTMENTS: DepartmentCode[] = ['nhc', 'samr', 'sta'];
const GROUPS = ['cluebus-inbox-samr', 'cluebus-inbox-sta', 'cluebus-ledger'];

jest.setTimeout(900_000);

describe(`PostgreSQL down for ${OUTAGE_MS / 1000} s under load`, () => {
  let db: { url: string; drop: () => Promise<void> };
  let proxy: TcpProxy;
  let cluster: Cluster;
  let pg: Client;
  const log = (msg: string) => console.log(`[outage] ${msg}`);

  beforeAll(async () => {
    await ensureBuilt();
    db = await createTestDatabase('cluebus_outage');
    const direct = new URL(db.url);
    proxy = await TcpProxy.start(direct.hostname, Number(direct.port || 5432));
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    cluster = await startCluster({ databaseUrl: viaProxy.toString(), brokers: getKafkaBrokers(), departments: DEPARTMENTS });
    pg = new Client({ connectionString: db.url }); // the test's own view: straight to the server
    await pg.connect();
  }, 300_000);

  afterAll(async () => {
    await pg?.end();
    await cluster?.stop();
    await proxy?.close();
    await db?.drop();
  });

  /** Member ids per consumer group, from the broker: a member that left and came back has a new id. */
  async function members(): Promise<Record<string, string[]>> {
    const admin = new Kafka({ clientId: 'outage-test', brokers: getKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups(GROUPS.map((g) => `${cluster.namespace}.${g}`));
      return Object.fromEntries(groups.map((g) => [g.groupId, g.members.map((m) => m.memberId).sort()]));
    } finally {
      await admin.disconnect();
    }
  }

  it('given transfers in flight, when the database is unreachable for the outage, then no consumer leaves its group and every accepted transfer reaches its inbox once', async () => {
    const nhc = cluster.client('nhc', '王科员');
    // A client that retries with the same Idempotency-Key until the API answers (< 500).
    const post = async (path: string, body: object, key: string) => {
      const deadline = Date.now() + OUTAGE_MS + 120_000;
      for (;;) {
        const res = await nhc.post(path, body, { 'Idempotency-Key': key }).catch((e: Error) => ({ status: 599, body: e.message }));
        if (res.status < 500) return res;
        if (Date.now() > deadline) throw new Error(`${path} kept failing: ${res.status} ${JSON.stringify(res.body)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    let sent = 0;
    let loading = true;
    const accepted: string[] = [];
    const load = Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; loading; i++) {
          const key = `outage-${w}-${i}`;
          const clue = await post('/v1/clues', kickbackClue(), `${key}-register`);
          expect(clue.status).toBe(201);
          const transfer = await post(`/v1/clues/${clue.body.clueId}/transfers`, { to: i % 2 ? ['samr'] : ['samr', 'sta'], basis: BASIS }, `${key}-transfer`);
          expect(transfer.status).toBe(201);
          accepted.push(String(transfer.body.transferId));
          sent++;
        }
      }),
    );

    await eventually(async () => sent >= 100, 60_000, '100 transfers before the outage');
    await eventually(async () => Object.values(await members()).every((m) => m.length === 1), 30_000, 'every group with its member');
    const before = await members();
    log(`outage of ${OUTAGE_MS} ms after ${sent} transfers; members ${JSON.stringify(before)}`);
    const sentBefore = sent;
    await proxy.outage(OUTAGE_MS);
    log(`database back after ${sent - sentBefore} transfers went through during the outage`);
    await eventually(async () => sent >= sentBefore + 100, 180_000, '100 more transfers after the outage');
    loading = false;
    await load;

    // then: the same members as before — nobody was dropped from its group and came back
    expect(await members()).toEqual(before);
    const stored = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM cluebus_events WHERE type = 'ClueTransferred'`);
    expect(stored.rows[0].n).toBe(accepted.length);
    await eventually(async () => {
      const { rows } = await pg.query<{ n: number }>(`SELECT count(DISTINCT transfer_id)::int AS n FROM cluebus_inbox WHERE department LIKE 'samr:%'`);
      return rows[0].n === accepted.length;
    }, 180_000, 'every accepted transfer in samr\'s inbox');
    const { rows } = await pg.query<{ transfer_id: string }>(`SELECT transfer_id FROM cluebus_inbox WHERE department LIKE 'samr:%'`);
    expect(rows).toHaveLength(accepted.length); // once each
    expect(new Set(rows.map((r) => r.transfer_id))).toEqual(new Set(accepted));
    // the relay came back by itself (its lease lapsed during the outage; a ledger took it again)
    await eventually(async () => ((await fetch(`${cluster.services.ledger.url}/health`).then((r) => r.json())) as { relayPosition: number | null }).relayPosition !== null, 60_000, 'the relay active again');
    const rebalances = cluster.services.samr.logTail(2_000).split('\n').filter((l) => /group is rebalancing/.test(l)).length;
    log(`${accepted.length} transfers, all delivered; samr saw ${rebalances} rebalance notices`);
  });
});
