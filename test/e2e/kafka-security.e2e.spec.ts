/**
 * Transport security (issue #10) on a secure broker of its own (deploy/kafka, security on):
 * SASL_SSL with SCRAM-SHA-512, TLS verified against the broker's CA, StandardAuthorizer with
 * the ACL table of deploy/kafka/README.md. Every bus is configured the way a service is, from
 * CLUEBUS_KAFKA_* through kafkaSettingsFromEnv. Every wait is bounded: a refusal must come as
 * an error, never as a hang.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AclResourceTypes, ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { DEPARTMENT_CODES } from '@cluebus/contracts';
import { CONTRACT_TOPICS, DeadLetterAdmin, type DeliveredMessage, KafkaBus, type KafkaBusLog, kafkaSettingsFromEnv, parkMessage, Topics } from '@cluebus/bus';
import { freePort, startKafka, type KafkaHandle } from '../../deploy/kafka/kafka-runner';
import { BASIS, kickbackClue } from '../fixtures/clues';
import { type ApiClient, eventually } from '../support/api-client';
import { createTestDatabase } from '../support/postgres-database';
import { type Cluster, ensureBuilt, ServiceProcess, startCluster } from '../support/processes';

jest.setTimeout(120_000);

const DAY = 86_400_000;

describe('Kafka transport security: SASL_SSL, SCRAM-SHA-512 and per-department ACLs', () => {
  let broker: KafkaHandle;
  const buses: KafkaBus[] = [];

  beforeAll(async () => {
    broker = await startKafka({ security: true, startTimeoutMs: 90_000 }); // own ports, own data dir
  }, 180_000);

  afterAll(async () => {
    for (const b of buses) await withTimeout(b.close(), 15_000, 'bus close').catch(() => undefined);
    await broker?.stop();
  });

  /** A bus as a service builds it: settings from the environment, here a principal's. */
  const busAs = (user: string, password?: string, extraEnv: Record<string, string> = {}) => {
    const entries: Array<{ level: string; fields: Record<string, unknown> }> = [];
    const log: KafkaBusLog = {
      info: (fields) => entries.push({ level: 'info', fields }),
      warn: (fields) => entries.push({ level: 'warn', fields }),
      error: (fields) => entries.push({ level: 'error', fields }),
    };
    const settings = kafkaSettingsFromEnv({ ...broker.security!.env(user, password), ...extraEnv });
    // Few retries: an authorization or authentication error must surface within the test's waits.
    const bus = new KafkaBus({ brokers: broker.brokers, clientId: `security-e2e-${user}`, ...settings, client: { ...settings.client, retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 } }, log });
    buses.push(bus);
    return { bus, logged: () => entries.map((e) => JSON.stringify(e.fields)).join('\n') };
  };

  const superAdmin = async <T>(fn: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> => {
    const admin = new Kafka({ clientId: 'security-e2e-admin', brokers: broker.brokers, logLevel: logLevel.NOTHING, ...broker.security!.client('admin') }).admin();
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect();
    }
  };

  const message = (id: string) => ({ key: `clue-${id}`, value: JSON.stringify({ id }), headers: { 'cluebus-event-id': id } });

  it('given the secure broker, when it is inspected, then it speaks only SASL_SSL and holds the ACL table (nothing is allowed by default)', async () => {
    expect(broker.security!.acls.length).toBeGreaterThan(0);
    const acls = await superAdmin((a) => a.describeAcls({ resourceType: AclResourceTypes.ANY, resourcePatternType: 1, operation: 1, permissionType: 1 }));
    const principals = new Set(acls.resources.flatMap((r) => r.acls.map((x) => x.principal)));
    expect([...principals].sort()).toEqual(['User:ccdi', 'User:ledger', 'User:mps', 'User:nhc', 'User:nhsa', 'User:samr', 'User:sta']);
    // A plaintext client on the same port gets nowhere (and is not left hanging).
    const plain = new KafkaBus({ brokers: broker.brokers, clientId: 'security-e2e-plaintext', client: { connectionTimeout: 2_000, requestTimeout: 3_000, retry: { retries: 0 } } });
    buses.push(plain);
    await expect(withTimeout(plain.ensureTopics([Topics.allEvents]), 30_000, 'plaintext client')).rejects.toThrow(/Closed connection|Connection error|ECONNRESET/);
  });

  it('given TLS without the broker CA, when the ledger connects, then the certificate is refused (verification is on)', async () => {
    const { bus } = busAs('ledger', undefined, { CLUEBUS_KAFKA_SSL_CA_FILE: '' });
    await expect(withTimeout(bus.ensureTopics([Topics.allEvents]), 30_000, 'TLS without CA')).rejects.toThrow(/self[- ]signed|certificate|unable to verify/i);
  });

  it('given the ledger principal over TLS+SASL, when it creates the topics and publishes, then the topics exist with 30/90-day retention and the messages are stored', async () => {
    // when
    const { bus: ledger } = busAs('ledger');
    await withTimeout(ledger.ensureTopics([...CONTRACT_TOPICS]), 30_000, 'ensureTopics as ledger');
    await withTimeout(ledger.publish(Topics.department('samr'), [message('to-samr-1')]), 30_000, 'publish to cluebus.dept.samr');
    await withTimeout(ledger.publish(Topics.allEvents, [message('to-all-1')]), 30_000, 'publish to cluebus.events');
    // then
    const configs = await superAdmin((a) =>
      a.describeConfigs({
        includeSynonyms: false,
        resources: [Topics.allEvents, Topics.department('samr'), Topics.deadLetter].map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
      }),
    );
    expect(configs.resources.map((r) => [r.resourceName, r.configEntries[0].configValue])).toEqual([
      [Topics.allEvents, String(30 * DAY)],
      [Topics.department('samr'), String(30 * DAY)],
      [Topics.deadLetter, String(90 * DAY)],
    ]);
    const offsets = await superAdmin((a) => a.fetchTopicOffsets(Topics.department('samr')));
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBeGreaterThanOrEqual(1);
  });

  it('given principal samr, when it starts like a service and consumes its topic in group cluebus-inbox-samr, then it receives the message and may park a dead letter', async () => {
    const { bus: samr } = busAs('samr');
    // A department cannot create topics, only see them: the start-up ensureTopics must still pass.
    await withTimeout(samr.ensureTopics([...CONTRACT_TOPICS]), 30_000, 'ensureTopics as samr');
    const got: DeliveredMessage[] = [];
    const sub = await withTimeout(samr.subscribe(Topics.department('samr'), 'cluebus-inbox-samr', async (m) => void got.push(m)), 30_000, 'subscribe as samr');
    await waitFor(() => got.some((m) => m.key === 'clue-to-samr-1'), 'samr receives its message', 30_000);
    expect(got[0].topic).toBe(Topics.department('samr'));
    await sub.stop();
    // The dead-letter path: a department writes the DLQ (and nothing else, next test).
    await withTimeout(parkMessage(samr, 'cluebus-inbox-samr', got[0], 'Error: poison in test', 3), 30_000, 'park on cluebus.dlq as samr');
  });

  it('given a message samr parked, when `cluebus dlq list|replay` runs as the ledger principal, then it reads the DLQ and sends the message back to cluebus.dept.samr', async () => {
    const { bus: ledger } = busAs('ledger');
    const admin = new DeadLetterAdmin(ledger, 30_000);
    const parked = await withTimeout(admin.list({ group: 'cluebus-inbox-samr' }), 45_000, 'dlq list as ledger');
    expect(parked.map((e) => [e.key, e.originalTopic, e.error])).toEqual([['clue-to-samr-1', Topics.department('samr'), 'Error: poison in test']]);
    const replayed = await withTimeout(admin.replay({ group: 'cluebus-inbox-samr' }), 45_000, 'dlq replay as ledger');
    expect(replayed).toHaveLength(1);
    const offsets = await superAdmin((a) => a.fetchTopicOffsets(Topics.department('samr')));
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(2); // the original and its replay
    // A department may not read the DLQ (it holds every department's parked messages): its
    // reader group is refused (kafkajs logs it) and the admin gives up at its own timeout.
    const { bus: samr, logged } = busAs('samr');
    await expect(withTimeout(new DeadLetterAdmin(samr, 8_000).list({ all: true }), 30_000, 'dlq list as samr')).rejects.toThrow(/AUTHORIZATION_FAILED|Not authorized|took over 8000 ms/);
    expect(logged()).toMatch(/Not authorized to access (group|topics)/);
  });

  it('given principal samr, when it publishes to cluebus.events or another department, then the broker refuses (only the relay principal writes those)', async () => {
    const { bus: samr } = busAs('samr');
    await expect(withTimeout(samr.publish(Topics.allEvents, [message('forged-1')]), 30_000, 'samr → cluebus.events')).rejects.toThrow(/TOPIC_AUTHORIZATION_FAILED|Not authorized to access topics/);
    const { bus: samr2 } = busAs('samr');
    await expect(withTimeout(samr2.publish(Topics.department('sta'), [message('forged-2')]), 30_000, 'samr → cluebus.dept.sta')).rejects.toThrow(/TOPIC_AUTHORIZATION_FAILED|Not authorized to access topics/);
  });

  it("given principal sta, when it tries to consume samr's topic, then it is refused: topic authorization in its own group, group authorization in samr's", async () => {
    // kafkajs reports both after subscribe() resolved, at the first Fetch (sta may DESCRIBE the
    // topic, not READ it) or FindCoordinator: the bus logs the consumer crash and keeps
    // rebuilding it, so a wrong ACL is loud in the log, not silent.
    // `until`: what must be in the log before the consumer is stopped — the bus logs the crash
    // just after kafkajs's own error line, and a stopped subscription logs nothing more.
    const refused = async (topic: string, group: string, pattern: RegExp, until: RegExp = pattern) => {
      const { bus, logged } = busAs('sta');
      const received: DeliveredMessage[] = [];
      const sub = await withTimeout(bus.subscribe(topic, group, async (m) => void received.push(m)), 30_000, `sta subscribes to ${topic} as ${group}`).catch((e: Error) => e);
      if (sub instanceof Error) {
        expect(sub.message).toMatch(pattern);
      } else {
        await waitFor(() => pattern.test(logged()) && until.test(logged()), `${pattern} and ${until} reported for ${topic} / ${group}`, 30_000);
        await sub.stop();
      }
      expect(received).toEqual([]);
      return logged();
    };
    const ownGroup = await refused(Topics.department('samr'), 'cluebus-inbox-sta', /TOPIC_AUTHORIZATION_FAILED|Not authorized to access topics/, /kafka consumer crashed/);
    expect(ownGroup).toMatch(/kafka consumer crashed/);
    await refused(Topics.department('sta'), 'cluebus-inbox-samr', /GROUP_AUTHORIZATION_FAILED|Not authorized to access group/);
  });

  it('given a wrong password, when a bus connects, then SCRAM authentication fails with an error (no hang, no retry storm)', async () => {
    const { bus } = busAs('samr', 'not-the-password');
    await expect(withTimeout(bus.ensureTopics([...CONTRACT_TOPICS]), 30_000, 'wrong password')).rejects.toThrow(/SASL SCRAM SHA512 authentication failed|Authentication failed/);
    const { bus: nobody } = busAs('samr', undefined, { CLUEBUS_KAFKA_SASL_USERNAME: 'nobody' });
    await expect(withTimeout(nobody.ensureTopics([Topics.allEvents]), 30_000, 'unknown user')).rejects.toThrow(/SASL SCRAM SHA512 authentication failed|Authentication failed/);
  });

  it('given the ledger principal, when it consumes cluebus.events in group cluebus-ledger, then it receives the message', async () => {
    const { bus: ledger } = busAs('ledger');
    const got: DeliveredMessage[] = [];
    const sub = await withTimeout(ledger.subscribe(Topics.allEvents, 'cluebus-ledger', async (m) => void got.push(m)), 30_000, 'subscribe as ledger');
    await waitFor(() => got.some((m) => m.key === 'clue-to-all-1'), 'ledger receives cluebus.events', 30_000);
    await sub.stop();
  });
});

/**
 * The production shape on the secure broker: the ledger (relay + read side) as principal
 * `ledger`, each department service as its own principal, in a namespace the ACLs cover.
 * startCluster's `env` is the same for every process, so it starts the ledger and the
 * departments are added here, each with its own credentials.
 */
describe('seven processes on the secure broker, each department as its own principal', () => {
  const namespace = `sec${Date.now().toString(36)}`;
  let broker: KafkaHandle;
  let db: { url: string; drop: () => Promise<void> };
  let cluster: Cluster;

  beforeAll(async () => {
    await ensureBuilt();
    broker = await startKafka({ security: { namespace }, startTimeoutMs: 90_000 });
    const security = broker.security!;
    db = await createTestDatabase('cluebus_kafka_sec');
    cluster = await startCluster({ databaseUrl: db.url, brokers: broker.brokers, namespace, departments: [], env: security.env('ledger') });
    const departments = DEPARTMENT_CODES.map(
      async (code) =>
        (cluster.services[code] = new ServiceProcess({
          name: code,
          entry: `dist/apps/${code}/src/main.js`,
          port: await freePort(),
          env: { ...cluster.env, ...security.env(code), CLUEBUS_DEPARTMENTS: code, CLUEBUS_RELAY: 'false', CLUEBUS_API_KEYS: `${cluster.keys[code]}=${code}:${cluster.region}` },
          logFile: path.join(cluster.logDir, `${code}.log`),
        })),
    );
    const [first, ...rest] = await Promise.all(departments);
    await first.start(); // creates the inbox tables; the others then start in parallel
    await Promise.all(rest.map((s) => s.start()));
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    await db?.drop();
    await broker?.stop();
  });

  const inboxOf = async (who: ApiClient, transferId: string) => ((await who.get('/v1/inbox')).body.items as Array<{ transferId: string; status: string }>).filter((i) => i.transferId === transferId);

  it('given a clue registered at nhc, when it is transferred to samr and sta, then both inboxes and the ledger get it over SASL_SSL, and no process was refused anything', async () => {
    // given / when
    const nhc = cluster.client('nhc', '王科员');
    const registered = await nhc.post('/v1/clues', kickbackClue());
    expect(registered.status).toBe(201);
    const transfer = await nhc.post(`/v1/clues/${registered.body.clueId}/transfers`, { to: ['samr', 'sta'], basis: BASIS });
    expect(transfer.status).toBe(201);
    const { transferId } = transfer.body;

    // then
    for (const code of ['samr', 'sta'] as const) {
      await eventually(async () => (await inboxOf(cluster.client(code), transferId)).length === 1, 60_000, `${code} inbox item`);
    }
    for (const code of ['nhsa', 'mps', 'ccdi'] as const) expect(await inboxOf(cluster.client(code), transferId)).toEqual([]);
    const ledger = cluster.ledger();
    await eventually(async () => (await ledger.get('/v1/ledger/departments/sta:341300')).body.transfersReceived === 1, 60_000, 'ledger counts sta');
    const samr = cluster.client('samr', '赵调查员');
    expect((await samr.post(`/v1/clues/${registered.body.clueId}/transfers/${transferId}/acknowledge`, {})).status).toBe(200);
    await eventually(async () => (await ledger.get('/v1/ledger/departments/samr:341300')).body.acknowledged === 1, 60_000, 'ledger counts the acknowledgement');

    // every process says which principal it is, and none met an authorization or authentication error
    for (const [name, service] of Object.entries(cluster.services)) {
      const log = fs.readFileSync(service.logFile, 'utf8');
      expect({ name, principal: log.includes(`SASL_SSL scram-sha-512 as ${name}`) }).toEqual({ name, principal: true });
      expect({ name, refused: log.match(/.*(AUTHORIZATION_FAILED|Not authorized|authentication failed).*/i)?.[0] ?? null }).toEqual({ name, refused: null });
    }
  });
});

async function waitFor(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
