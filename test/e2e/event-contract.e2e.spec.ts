/**
 * Events as a published contract (issue #16, docs/adr/0014), as a consumer in another language
 * sees them: every event type is produced through the HTTP API of a department service (all
 * six departments, real PostgreSQL, real Kafka, a fake clock for the deadlines and the bribery
 * window), read back from the cluebus.events topic by a plain kafkajs consumer, parsed by the
 * CloudEvents SDK's Kafka binding, and its data validated against the schema the service
 * serves at /v1/schemas/:type/:version.
 */
import type { INestApplication } from '@nestjs/common';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { type CloudEvent, Kafka as KafkaBinding } from 'cloudevents';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { BUS, type Bus, CONTRACT_TOPICS } from '@cluebus/bus';
import { CASE_EVENT_VERSIONS, CLUE_EVENT_VERSIONS, DEPARTMENT_CODES, PERSONAL_DATA_EVENT_VERSIONS, SUBJECT_EVENT_VERSIONS } from '@cluebus/contracts';
import { CN_WORKING_DAYS } from '@cluebus/domain';
import { createCluebusApp, loadCluebusConfig } from '@cluebus/service';
import { OneSidedBriberyScheduler } from '@cluebus/service/cases/one-sided-bribery/one-sided-bribery.scheduler';
import { OverdueScheduler } from '@cluebus/service/clues/overdue/overdue-scheduler';
import { SanctionExpiryScheduler } from '@cluebus/service/sanctions/expiry/sanction-expiry.scheduler';
import { ApiClient, eventually } from '../support/api-client';
import { FakeClock } from '../support/fake-clock';
import { getKafkaBrokers } from '../support/kafka/kafka-broker';
import { allDepartmentsEnv } from '../support/all-departments-env';
import { createTestDatabase } from '../support/postgres-database';
import { BASIS, kickbackClue } from '../fixtures/clues';

jest.setTimeout(240_000);

const DAY = 86_400_000;
const DISTRIBUTOR = 'uscc:91330100716105852F';
const CURRENT: Record<string, number> = { ...CLUE_EVENT_VERSIONS, ...CASE_EVENT_VERSIONS, ...SUBJECT_EVENT_VERSIONS, ...PERSONAL_DATA_EVENT_VERSIONS };
const DAY_OF = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10); // the calendar day in China

/** A new topic is there for a consumer once every partition has a leader. */
async function topicReady(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await eventually(async () => {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
      const partitions = metadata?.topics[0]?.partitions ?? [];
      return partitions.length > 0 && partitions.every((p) => p.leader >= 0);
    }, 30_000, `topic ${topic} ready`);
  } finally {
    await admin.disconnect();
  }
}

describe('event contract: CloudEvents on Kafka, validated against the served JSON Schemas', () => {
  let topic: string;
  const keys = Object.fromEntries(DEPARTMENT_CODES.map((c) => [c, `k-${c}-contract-${randomBytes(6).toString('hex')}`]));
  const clock = new FakeClock();
  const received: Array<{ key: string; value: string; body: string; headers: Record<string, string>; timestamp: string }> = [];
  let db: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let baseUrl: string;
  let consumer: Consumer;
  const client = (code: string) => new ApiClient(baseUrl, keys[code], `${code}-clerk`);

  beforeAll(async () => {
    db = await createTestDatabase('cluebus_contract');
    const base = allDepartmentsEnv({ databaseUrl: db.url, namespacePrefix: 'contract', apiKeys: DEPARTMENT_CODES.map((c) => `${keys[c]}=${c}:341300`).join(',') });
    topic = `${base.CLUEBUS_KAFKA_NAMESPACE}.cluebus.events`;
    // The test scans by hand, with the fake clock.
    const config = loadCluebusConfig({ ...base, CLUEBUS_OVERDUE_SCAN_SECONDS: '3600', CLUEBUS_BRIBERY_SCAN_SECONDS: '3600', CLUEBUS_SANCTION_EXPIRY_SCAN_SECONDS: '3600' });
    // The bus reads its Kafka settings (the namespace among them) from the process environment, not from the config's env.
    const previous = process.env.CLUEBUS_KAFKA_NAMESPACE;
    process.env.CLUEBUS_KAFKA_NAMESPACE = base.CLUEBUS_KAFKA_NAMESPACE;
    try {
      app = await createCluebusApp(config, false, { clock });
    } finally {
      if (previous === undefined) delete process.env.CLUEBUS_KAFKA_NAMESPACE;
      else process.env.CLUEBUS_KAFKA_NAMESPACE = previous;
    }
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${app.getHttpServer().address().port}`;
    // The service creates its topics as it starts its processors; make sure before subscribing (idempotent).
    await app.get<Bus>(BUS).ensureTopics([...CONTRACT_TOPICS]);
    const kafka = new Kafka({ clientId: 'contract-probe', brokers: getKafkaBrokers(), logLevel: logLevel.NOTHING });
    await topicReady(kafka, topic);
    // A consumer as a Java or Python team would write it: no cluebus code, its own group.
    consumer = kafka.consumer({ groupId: `${topic}.contract-probe` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(Array.isArray(v) ? v[v.length - 1] : v);
        const value = message.value!.toString('utf8');
        received.push({ key: message.key!.toString('utf8'), value, body: value, headers, timestamp: message.timestamp });
      },
    });
  }, 120_000);

  afterAll(async () => {
    await consumer?.disconnect();
    await app?.close();
    await db?.drop();
  });

  /** Drives one clue, one case, one subject and one person's data through every event type the API and the schedulers produce. */
  async function produceEveryEventType(): Promise<void> {
    const [nhc, samr, sta] = [client('nhc'), client('samr'), client('sta')];
    const ok = async (res: Promise<{ status: number; body: any }>, what: string) => {
      const r = await res;
      expect({ what, status: r.status, code: r.body?.code }).toEqual({ what, status: expect.any(Number), code: undefined });
      expect(r.status).toBeLessThan(300);
      return r.body;
    };
    const clueId: string = (await ok(nhc.post('/v1/clues', kickbackClue()), 'register')).clueId;
    const acknowledgeBy = new Date(clock.now().getTime() + 2 * DAY).toISOString();
    const feedbackBy = new Date(clock.now().getTime() + 20 * DAY).toISOString();
    const transferId: string = (await ok(nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr', 'sta'], basis: BASIS, acknowledgeBy, feedbackBy }), 'transfer')).transferId;
    const caseId: string = (await ok(nhc.post('/v1/cases', { title: '某医药公司回扣案', clueIds: [clueId], basis: BASIS }, { 'idempotency-key': `case-${clueId}` }), 'open case')).caseId;
    const other = kickbackClue({
      alsoConcerns: [],
      subjects: [
        { kind: 'enterprise', name: '某医疗器械有限公司', uscc: '91340100MA2RT0001R' },
        { kind: 'institution', name: '某县人民医院', uscc: '91110000100000000R' },
      ],
    });
    const otherClueId: string = (await ok(nhc.post('/v1/clues', other), 'register another')).clueId;
    await ok(nhc.post(`/v1/cases/${caseId}/clues`, { clueId: otherClueId }), 'attach');
    await ok(nhc.post(`/v1/cases/${caseId}/bribery-pairs`, { briber: 'uscc:91340100MA2RT0001R', bribeTaker: 'uscc:91110000100000000R' }), 'link pair');

    const path = (suffix: string) => `/v1/clues/${clueId}/transfers/${transferId}${suffix}`;
    await ok(samr.post(path('/extension'), { days: 2, reason: '需调取外地证据' }), 'samr asks for time');
    await ok(nhc.post(path('/extension/grant'), { recipient: 'samr:341300' }), 'grant');
    await ok(sta.post(path('/extension'), { days: 2, reason: '人手不足' }), 'sta asks for time');
    await ok(nhc.post(path('/extension/deny'), { recipient: 'sta:341300', reason: '线索紧急，不予延期' }), 'deny');

    // sta's 签收 deadline passes (samr's was extended): the overdue scan records it, nhc presses (督办)
    await eventually(async () => ((await sta.get('/v1/inbox')).body.items as any[]).some((i) => i.transferId === transferId && i.extension?.status === 'denied'), 30_000, 'sta inbox');
    clock.set(new Date(Date.parse(acknowledgeBy) + 3_600_000));
    await eventually(async () => (await app.get(OverdueScheduler).scan()).recorded > 0, 30_000, 'TransferOverdue');
    await ok(nhc.post(path('/supervision'), { note: '请尽快签收', dueBy: new Date(clock.now().getTime() + 3 * DAY).toISOString() }), 'supervise');

    await ok(samr.post(path('/acknowledge')), 'acknowledge');
    await ok(sta.post(path('/reject'), { reason: '不属于税务管辖' }), 'reject');
    await ok(samr.post(`/v1/clues/${clueId}/forward`, { to: ['nhsa'], basis: BASIS, viaTransferId: transferId }), 'forward');
    await ok(samr.post(`/v1/clues/${clueId}/investigation`, { basis: '《反不正当竞争法》第七条', subjects: [DISTRIBUTOR] }), 'investigate');
    const findingEventId: string = (await ok(samr.post(`/v1/clues/${clueId}/findings`, { result: 'substantiated', summary: '查实该公司支付回扣', subjects: [DISTRIBUTOR] }), 'finding')).events[0].eventId;
    const foundAt = clock.now();
    await ok(samr.post(`/v1/clues/${clueId}/dispositions`, { measures: [{ kind: 'administrative-penalty', detail: '没收违法所得并罚款' }] }), 'disposition');
    await ok(samr.post(`/v1/clues/${clueId}/feedback`, { summary: '已查实并作出行政处罚' }), 'feedback');

    // nobody pursued the bribe-taker: past the window, the one-sided bribery flag (行贿受贿一起查)
    const bribery = app.get(OneSidedBriberyScheduler);
    clock.set(new Date(CN_WORKING_DAYS.addDays(foundAt, bribery.windowWorkingDays).getTime() + 60_000));
    await eventually(async () => (await bribery.scan()).flagged > 0 || (await nhc.get(`/v1/cases/${caseId}`)).body.flags?.length > 0, 30_000, 'OneSidedBriberyFlagged');

    await eventually(async () => (await nhc.get(`/v1/cases/${caseId}`)).body.tracks?.length === 1, 30_000, 'samr track opened');
    await ok(samr.post(`/v1/cases/${caseId}/tracks/conclusion`, { outcome: 'substantiated', summary: '查实回扣' }), 'conclude track');
    await ok(nhc.post(`/v1/cases/${caseId}/conclusion`, { summary: '已办结' }), 'conclude case');

    // 联合惩戒 on the distributor's subject stream: imposed (and the memorandum's notices), revoked, expired, repaired
    const enterprise = { kind: 'enterprise', uscc: DISTRIBUTOR.slice('uscc:'.length), name: '某医药有限公司' };
    const today = DAY_OF(clock.now());
    const inDays = (n: number) => DAY_OF(new Date(clock.now().getTime() + n * DAY));
    const nhsa = client('nhsa');
    const penalty = await ok(samr.post('/v1/sanctions', { subject: enterprise, measure: 'administrative-penalty-publicity', legalBasis: '反不正当竞争法第七条、第十九条', findingEventIds: [findingEventId], startsOn: today, endsOn: inDays(10) }), 'penalty');
    const rating = await ok(nhsa.post('/v1/sanctions', { subject: enterprise, measure: 'procurement-credit-rating', rating: { scheme: 'nhsa-2025', grade: '严重失信' }, legalBasis: '《关于进一步完善医药价格和招采信用评价制度的通知》', findingEventIds: [findingEventId], startsOn: today, endsOn: inDays(365) }), 'rating');
    const tax = await ok(sta.post('/v1/sanctions', { subject: enterprise, measure: 'major-tax-violation', legalBasis: '《重大税收违法失信主体信息公布管理办法》', findingEventIds: [findingEventId], startsOn: today, endsOn: inDays(30) }), 'tax');
    await ok(sta.post(`/v1/sanctions/${tax.sanctionId}/revocation`, { reason: '复议撤销', effectiveOn: inDays(1) }), 'revoke');
    clock.set(new Date(clock.now().getTime() + 12 * DAY));
    expect(await app.get(SanctionExpiryScheduler).scan()).toMatchObject({ recorded: 1 });
    await ok(nhsa.post(`/v1/sanctions/${rating.sanctionId}/repair`, { basis: '企业已整改并作出信用承诺，信用修复', effectiveOn: DAY_OF(clock.now()) }), 'repair');
    expect(penalty.sanctionId).toEqual(expect.any(String));

    // the person's data crypto-shredded by the department that registered it (PIPL)
    const token: string = (await nhc.get(`/v1/clues/${clueId}`)).body.subjects[1].personalData.token;
    await ok(nhc.post(`/v1/subjects/${token}/erasure`), 'erase');
  }

  it('given one event of every type produced through the API, when consumed from Kafka and parsed by the CloudEvents SDK, then each is a valid CloudEvent whose data matches the served schema', async () => {
    // given
    await produceEveryEventType();

    // when: the relay has shipped every type to cluebus.events
    const expected = Object.entries(CURRENT).map(([type, v]) => `cn.gov.cluebus.${type}.v${v}`).sort();
    await eventually(async () => expected.every((t) => received.some((m) => m.headers.ce_type === t)), 60_000, 'every event type on cluebus.events');

    // then
    const anonymous = new ApiClient(baseUrl, '');
    const validators = new Map<string, ValidateFunction>();
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const seen = new Set<string>();
    for (const message of received) {
      const event = KafkaBinding.toEvent(message) as CloudEvent<unknown>;
      expect(event.validate()).toBe(true);
      expect(event).toMatchObject({ specversion: '1.0', datacontenttype: 'application/json', subject: message.key, source: expect.stringMatching(/^\/departments\/[a-z]+:341300$/) });
      const [, type, version] = /^cn\.gov\.cluebus\.([A-Za-z]+)\.v(\d+)$/.exec(event.type)!;
      if (!validators.has(event.type)) {
        const served = await anonymous.get(`/v1/schemas/${type}/${version}`);
        expect(served.status).toBe(200);
        expect(event.dataschema).toBe(served.body.$id);
        validators.set(event.type, ajv.compile(served.body));
      }
      const validate = validators.get(event.type)!;
      expect({ type: event.type, valid: validate(event.data), errors: validate.errors ?? null }).toEqual({ type: event.type, valid: true, errors: null });
      seen.add(event.type);
    }
    expect([...seen].sort()).toEqual(expected);
    // No identity number in clear on the bus (the person's is tokenised before the event).
    expect(received.filter((m) => m.value.includes('11010519491231002X'))).toEqual([]);
  });

  it('given the schema API, when listed and fetched without a key, then every type and version is listed; an unknown type or version is 404 naming the field', async () => {
    const anonymous = new ApiClient(baseUrl, '');
    const list = await anonymous.get('/v1/schemas');
    expect(list.status).toBe(200);
    const listed = (list.body.schemas as Array<{ type: string; version: number; url: string; cloudEventType: string }>).map((s) => `${s.type}.v${s.version}`);
    for (const [type, v] of Object.entries(CURRENT)) for (let i = 1; i <= v; i++) expect(listed).toContain(`${type}.v${i}`);
    expect(list.body.schemas[0]).toMatchObject({ url: expect.stringMatching(/^\/v1\/schemas\/[A-Za-z]+\/\d+$/), cloudEventType: expect.stringMatching(/^cn\.gov\.cluebus\./) });

    const res = await fetch(`${baseUrl}/v1/schemas/FindingRecorded/1`, { headers: { authorization: `Bearer ${keys.samr}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    expect(await res.json()).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'urn:cluebus:schema:FindingRecorded:v1' });

    const noType = await anonymous.get('/v1/schemas/ClueVanished/1');
    expect({ status: noType.status, code: noType.body.code, field: noType.body.field }).toEqual({ status: 404, code: 'SCHEMA_NOT_FOUND', field: 'type' });
    for (const version of ['9', 'v1', '0']) {
      const noVersion = await anonymous.get(`/v1/schemas/ClueRegistered/${version}`);
      expect({ version, status: noVersion.status, code: noVersion.body.code, field: noVersion.body.field }).toEqual({ version, status: 404, code: 'SCHEMA_NOT_FOUND', field: 'version' });
    }
  });
});
