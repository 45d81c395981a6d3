/**
 * The relay under large events and a broken log, on PostgreSQL and real Kafka, through one
 * department-mode process hosting all six departments (relay, six inbox consumers, /health):
 *
 * - 2,000 events of 48 KB on ONE stream — a page of the relay is 500 events, ~24 MB, far over
 *   the broker's 1 MB `max.message.bytes`: the relay splits its publishes by size, and every
 *   event reaches its inbox, once;
 * - the largest clue the API accepts makes an event well under MAX_EVENT_BYTES, so the cap
 *   refuses no valid request (over the cap, handleCommand answers 413: its int test);
 * - a gap forced into the log (a row inserted past the head) makes the relay stop there and
 *   /health report `degraded` with the reason, instead of shipping on and skipping for ever.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEPARTMENT_CODES, MAX_EVENT_BYTES, type NewEvent } from '@cluebus/contracts';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import { createCluebusApp, loadCluebusConfig } from '@cluebus/service';
import type { INestApplication } from '@nestjs/common';
import { ApiClient, eventually } from '../support/api-client';
import { getKafkaBrokers } from '../support/kafka/kafka-broker';
import { createTestDatabase } from '../support/postgres-database';
import { BASIS } from '../fixtures/clues';

jest.setTimeout(600_000);

const EVENTS = 2_000;
const NOTE_BYTES = 48 * 1024;

describe('relay: large events on one stream, and a gap in the log', () => {
  let db: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let store: EventStore;
  let pg: Client;
  let api: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase('cluebus_relay_size');
    const config = loadCluebusConfig({
      CLUEBUS_MODE: 'department',
      CLUEBUS_DEPARTMENTS: DEPARTMENT_CODES.join(','),
      CLUEBUS_BUS: 'kafka',
      KAFKA_BROKERS: getKafkaBrokers().join(','),
      CLUEBUS_KAFKA_NAMESPACE: `size${randomBytes(4).toString('hex')}`,
      CLUEBUS_STORE: 'postgres',
      DATABASE_URL: db.url,
      CLUEBUS_RELAY: 'true',
      CLUEBUS_CHECKPOINTER: 'false',
      CLUEBUS_API_KEYS: 'k-nhc-relay-size-test=nhc:341300',
      CLUEBUS_ID_TOKEN_KEY: `test-id-token-key-${randomBytes(8).toString('hex')}`,
      CLUEBUS_VAULT_MASTER_KEY: randomBytes(32).toString('base64'),
      CLUEBUS_RELAY_MAX_FAILURES: '2',
      PORT: '0',
    });
    app = await createCluebusApp(config);
    await app.listen(0, '127.0.0.1');
    api = new ApiClient(`http://127.0.0.1:${app.getHttpServer().address().port}`, 'k-nhc-relay-size-test', '王科员');
    store = app.get(EVENT_STORE);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  }, 120_000);

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    await db?.drop();
  });

  it('given the largest clue the API accepts, when registered, then it is stored and its event is well under the cap', async () => {
    const long = (n: number) => '医'.repeat(n);
    const res = await api.post('/v1/clues', {
      source: 'report',
      category: 'kickback',
      summary: long(5000),
      subjects: Array.from({ length: 100 }, (_, i) => ({ kind: 'enterprise', name: long(200), uscc: '91330100716105852F', role: i % 2 ? 'briber' : 'bribe-taker', position: long(200) })),
      attachments: Array.from({ length: 100 }, (_, i) => ({ sha256: i.toString(16).padStart(64, '0'), name: long(255), mediaType: 'application/pdf' })),
      reporter: { anonymous: false, name: long(100), contact: long(200) },
    });
    expect(res.status).toBe(201);
    const { rows } = await pg.query<{ bytes: number }>(`SELECT octet_length(data::text) + octet_length(metadata::text) AS bytes FROM cluebus_events WHERE type = 'ClueRegistered'`);
    expect(rows[0].bytes).toBeGreaterThan(100_000);
    expect(rows[0].bytes).toBeLessThan(MAX_EVENT_BYTES / 2);
  });

  it(`given ${EVENTS} events of ${NOTE_BYTES / 1024} KB on one stream, when relayed, then every one reaches samr's inbox once`, async () => {
    const clueId = randomUUID();
    const stream = `clue-${clueId}`;
    const note = 'x'.repeat(NOTE_BYTES);
    const transferIds: string[] = [];
    for (let i = 0; i < EVENTS; i += 50) {
      const events: NewEvent[] = Array.from({ length: 50 }, () => {
        const transferId = randomUUID();
        transferIds.push(transferId);
        return {
          eventId: randomUUID(),
          type: 'ClueTransferred',
          schemaVersion: 1,
          data: { clueId, transferId, from: 'nhc:341300', to: ['samr:341300'], basis: BASIS, note, acknowledgeBy: '2027-01-01T00:00:00.000Z', feedbackBy: '2027-02-01T00:00:00.000Z' },
          metadata: { department: 'nhc:341300', actor: 'load', occurredAt: new Date().toISOString(), causationId: randomUUID(), correlationId: clueId },
        };
      });
      await store.append(stream, events, { expectedVersion: 'any' });
    }
    const count = async () => (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM cluebus_inbox WHERE clue_id = $1`, [clueId])).rows[0].n;
    await eventually(async () => (await count()) === EVENTS, 300_000, `${EVENTS} large transfers in samr's inbox`);
    const { rows } = await pg.query<{ transfer_id: string }>(`SELECT transfer_id FROM cluebus_inbox WHERE clue_id = $1`, [clueId]);
    expect(new Set(rows.map((r) => r.transfer_id))).toEqual(new Set(transferIds));
    const health = await api.get('/health');
    expect(health.body).toMatchObject({ status: 'ok', relayPosition: await store.headPosition() });
  });

  it('given a gap forced into the log, when the relay reaches it, then it ships nothing past it and /health reports degraded with the reason', async () => {
    const head = await store.headPosition();
    // A row past the head with the position after it missing: what a broken restore or a
    // hand edit would leave. (Inserts are what the append-only guard still allows.)
    await pg.query(
      `INSERT INTO cluebus_events (global_position, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       SELECT global_position + 2, 'clue-gap', 0, gen_random_uuid(), type, schema_version, data, metadata, recorded_at, hash, hash
       FROM cluebus_events WHERE global_position = $1`,
      [head],
    );
    await pg.query(`NOTIFY cluebus_events`);
    const health = await eventually(async () => {
      const res = await api.get('/health');
      return res.body.status === 'degraded' ? res.body : undefined;
    }, 60_000, '/health degraded');
    expect(health.problems.join('\n')).toContain(`relay halted: global log gap: expected position ${head + 1}, read ${head + 2}`);
    expect(health.relayPosition).toBe(head);
    const { rows } = await pg.query<{ position: string }>(`SELECT position FROM cluebus_checkpoints WHERE name = 'relay'`);
    expect(Number(rows[0].position)).toBe(head);
  });
});
