/**
 * Acceptance of the personal-data vault (docs/adr/0010, issue #13) in the production shape:
 * department processes and the ledger from dist/, one PostgreSQL store, the suite's Kafka broker.
 * Clues naming persons (with and without a 居民身份证号) and a reporter are registered and
 * transferred; then every table of the store's database (as text), every message of the run's
 * Kafka topics (payloads and headers) and every process's log are searched for the names and ID
 * numbers used: none is found anywhere, the vault included (it holds ciphertext only). After the
 * registrar erases a subject and the reporter (crypto-shredding), no API returns them, while
 * `verify` and the inclusion proofs of the erased subject's events still pass.
 */
import { createPrivateKey, createPublicKey, randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { verifyEventIndependently } from '@cluebus/audit';
import { personalDataStreamId, residentIdCheckCharacter } from '@cluebus/contracts';
import { ApiClient, eventually } from '../support/api-client';
import { clusterOnFreshDatabase } from '../support/cluster-fixture';
import { getKafkaBrokers } from '../support/kafka/kafka-broker';
import { BASIS } from '../fixtures/clues';

jest.setTimeout(240_000);

/** A valid resident ID (GB 11643 check character), unique to this run. */
const residentId = () => {
  const first17 = `341302${1960 + randomInt(40)}0${1 + randomInt(9)}1${randomInt(10)}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
};
/** Names unlikely to occur anywhere by chance: a compound surname and two rare characters. */
const rareName = (surname: string) => surname + [...'翀旸翯煜弢琮璟皞'].sort(() => randomInt(3) - 1).slice(0, 2).join('');

const doctor = { name: rareName('欧阳'), idNumber: residentId() };
const pharmacist = { name: rareName('司马') };
const reporter = { name: rareName('上官'), contact: `139${String(randomInt(1e8)).padStart(8, '0')}` };
const SECRETS = [doctor.name, doctor.idNumber, pharmacist.name, reporter.name, reporter.contact];
/** A value, also as the hex of its UTF-8 bytes (how a bytea column prints). */
const forms = (s: string) => [s, Buffer.from(s, 'utf8').toString('hex')];

const clue = (subjects: object[], extra: object = {}) => ({
  source: 'report',
  category: 'kickback',
  alsoConcerns: ['false-invoice'],
  summary: '某医药公司以学术推广费名义向科室主任支付回扣，并虚开发票冲账',
  subjects: [{ kind: 'enterprise', name: '某医药有限公司', uscc: '91330100716105852F', role: 'briber' }, ...subjects],
  ...extra,
});

describe('personal data in the vault, erased by crypto-shredding (real PostgreSQL, real Kafka, seven processes)', () => {
  const ctx = clusterOnFreshDatabase('cluebus_pii', { departments: ['nhc', 'samr', 'sta'] });
  let nhc: ApiClient;
  let samr: ApiClient;
  let investigator: ApiClient;
  let clueId: string;
  let secondClueId: string;
  let doctorToken: string;

  const found = (haystack: string, secrets = SECRETS) => secrets.flatMap(forms).filter((s) => haystack.includes(s));

  /** Every table of the store's database, every row as JSON text. */
  async function allTables(): Promise<Record<string, string>> {
    const { rows } = await ctx.pg.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`);
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['cluebus_events', 'cluebus_inbox', 'cluebus_vault_keys', 'cluebus_vault_entries']));
    const dump: Record<string, string> = {};
    for (const { table_name } of rows) dump[table_name] = (await ctx.pg.query(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`)).rows.map((r) => r.row).join('\n');
    return dump;
  }

  /** Every message of this run's topics, value and headers, from the beginning. */
  async function allMessages(minEvents: number): Promise<string[]> {
    const kafka = new Kafka({ clientId: 'pii-e2e', brokers: getKafkaBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${ctx.cluster.namespace}.`));
    await admin.disconnect();
    expect(topics).toEqual(expect.arrayContaining([`${ctx.cluster.namespace}.cluebus.events`, `${ctx.cluster.namespace}.cluebus.dept.samr`]));
    const consumer = kafka.consumer({ groupId: `pii-e2e-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 200 });
    const messages: string[] = [];
    let events = 0;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (topic.endsWith('.cluebus.events')) events++;
        const headers = Object.entries(message.headers ?? {}).map(([k, v]) => `${k}=${String(v)}`);
        messages.push(`${topic} ${message.key?.toString() ?? ''} ${message.value?.toString() ?? ''} ${headers.join(' ')}`);
      },
    });
    try {
      await eventually(async () => events >= minEvents, 60_000, `${minEvents} events on the all-events topic`);
    } finally {
      await consumer.disconnect();
    }
    return messages;
  }

  const allLogs = () => fs.readdirSync(ctx.cluster.logDir).map((f) => fs.readFileSync(path.join(ctx.cluster.logDir, f), 'utf8'));

  beforeAll(async () => {
    nhc = ctx.cluster.client('nhc', '王科员');
    samr = ctx.cluster.client('samr', '赵调查员');
    investigator = new ApiClient(ctx.cluster.services.nhc.url, ctx.cluster.investigatorKey);
    const registered = await nhc.post(
      '/v1/clues',
      clue(
        [
          { kind: 'person', name: doctor.name, idNumber: doctor.idNumber, role: 'bribe-taker', position: '某医院心内科主任' },
          { kind: 'person', name: pharmacist.name, role: 'related' },
        ],
        { reporter: { anonymous: false, ...reporter } },
      ),
    );
    expect(registered.status).toBe(201);
    clueId = registered.body.clueId;
    // The same doctor in a second clue: the same ID-number token, a record of its own.
    secondClueId = (await nhc.post('/v1/clues', clue([{ kind: 'person', name: doctor.name, idNumber: doctor.idNumber, role: 'bribe-taker' }]))).body.clueId;
    const transfer = await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr', 'sta'], basis: BASIS });
    expect(transfer.status).toBe(201);
    await eventually(async () => ((await samr.get('/v1/inbox')).body.items ?? []).some((i: { transferId: string }) => i.transferId === transfer.body.transferId), 60_000, 'samr inbox');
    expect((await samr.post(`/v1/clues/${clueId}/transfers/${transfer.body.transferId}/acknowledge`)).status).toBe(200);
    doctorToken = (await nhc.get(`/v1/clues/${clueId}`)).body.subjects[1].personalData.token;
  });

  it('given the clues registered and transferred, when authorised readers read them, then names resolve from the vault: subjects for registrar and recipient, the reporter for the registrar only', async () => {
    const atNhc = (await nhc.get(`/v1/clues/${clueId}/history`)).body.events[0].data;
    expect(atNhc.subjects.map((s: { name: string }) => s.name)).toEqual(['某医药有限公司', doctor.name, pharmacist.name]);
    expect(atNhc.reporter).toMatchObject({ anonymous: false, name: reporter.name, contact: reporter.contact });
    expect(doctorToken).toMatch(/^idt1:[0-9a-f]{64}$/);
    const atSamr = await samr.get(`/v1/clues/${clueId}/history`);
    expect(atSamr.body.events[0].data.subjects[1].name).toBe(doctor.name);
    expect(atSamr.body.events[0].data).toMatchObject({ reporterWithheld: true });
    expect(found(JSON.stringify(atSamr.body), [reporter.name, reporter.contact])).toEqual([]);
    // ID numbers are never returned, only their token.
    expect(found(JSON.stringify(atNhc), [doctor.idNumber])).toEqual([]);
  });

  it('given the scenario, when every table, every Kafka message and header and every process log is searched, then no name, ID number or contact is found — the vault holds ciphertext only', async () => {
    const tables = await allTables();
    for (const [table, rows] of Object.entries(tables)) expect({ table, found: found(rows) }).toEqual({ table, found: [] });
    expect(tables.cluebus_vault_entries.split('\n').length).toBe(7); // name and ID number of the doctor in each clue, the pharmacist, the reporter's name and contact
    const head = Number((await ctx.pg.query(`SELECT max(global_position) AS n FROM cluebus_events`)).rows[0].n);
    const messages = await allMessages(head);
    expect(messages.some((m) => m.includes('ClueRegistered'))).toBe(true);
    expect(found(messages.join('\n'))).toEqual([]);
    const logs = allLogs();
    expect(logs.length).toBeGreaterThanOrEqual(4);
    expect(found(logs.join('\n'))).toEqual([]);
  });

  it('given bad input, when it is sent, then 4xx names the field and nothing is stored', async () => {
    const count = async () => (await ctx.pg.query(`SELECT (SELECT count(*) FROM cluebus_events)::int AS events, (SELECT count(*) FROM cluebus_vault_entries)::int AS vault`)).rows[0];
    const before = await count();
    const badId = `${doctor.idNumber.slice(0, 17)}${doctor.idNumber[17] === '0' ? '1' : '0'}`;
    const refused = await nhc.post('/v1/clues', clue([{ kind: 'person', name: rareName('诸葛'), idNumber: badId }]));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'subjects[1].idNumber' });
    const unknown = await nhc.post(`/v1/subjects/idt1:${'0'.repeat(64)}/erasure`);
    expect([unknown.status, unknown.body.code, unknown.body.field]).toEqual([404, 'PERSONAL_DATA_NOT_FOUND', 'token']);
    const malformed = await nhc.post('/v1/subjects/not-a-token/erasure');
    expect([malformed.status, malformed.body.code, malformed.body.field]).toEqual([400, 'VALIDATION_FAILED', 'token']);
    const notRegistrar = await samr.post(`/v1/subjects/${doctorToken}/erasure`);
    expect([notRegistrar.status, notRegistrar.body.code, notRegistrar.body.field]).toEqual([403, 'ONLY_REGISTRAR_MAY_ERASE', 'token']);
    const reporterBySamr = await samr.post(`/v1/clues/${clueId}/reporter/erasure`);
    expect(reporterBySamr.status).toBe(403);
    expect(await count()).toEqual(before);
  });

  it('given the registrar erases the doctor and the reporter, when anyone reads, then the name is gone everywhere; a repeat records nothing; verify and the inclusion proofs still pass', async () => {
    const erased = await nhc.post(`/v1/subjects/${doctorToken}/erasure`);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ token: doctorToken, scope: 'subject', erased: true, recorded: true });
    const again = await nhc.post(`/v1/subjects/${doctorToken}/erasure`);
    expect([again.status, again.body.recorded, again.headers.get('idempotent-replayed')]).toEqual([200, false, 'true']);
    expect((await nhc.post(`/v1/clues/${clueId}/reporter/erasure`)).body).toMatchObject({ scope: 'reporter', recorded: true });
    const { rows: erasures } = await ctx.pg.query(`SELECT type, data FROM cluebus_events WHERE stream_id = $1`, [personalDataStreamId(doctorToken)]);
    expect(erasures).toEqual([{ type: 'PersonalDataErased', data: { token: doctorToken, scope: 'subject', erasedBy: 'nhc:341300', keyGeneration: 1 } }]);

    // No API returns the erased name: registrar, recipient, investigator; state, history; both clues.
    const reads = await Promise.all([
      nhc.get(`/v1/clues/${clueId}`),
      nhc.get(`/v1/clues/${clueId}/history`),
      nhc.get(`/v1/clues/${secondClueId}`),
      samr.get(`/v1/clues/${clueId}`),
      samr.get(`/v1/clues/${clueId}/history`),
      investigator.get(`/v1/clues/${clueId}/history`),
    ]);
    for (const r of reads) expect(r.status).toBe(200);
    expect(found(JSON.stringify(reads.map((r) => r.body)), [doctor.name, reporter.name, reporter.contact])).toEqual([]);
    expect(reads[0].body.subjects.map((s: { name: string }) => s.name)).toEqual(['某医药有限公司', '[erased]', pharmacist.name]);
    expect(reads[2].body.subjects[1].name).toBe('[erased]');
    expect(reads[1].body.events[0].data.reporter).toMatchObject({ name: '[erased]', contact: '[erased]' });
    // The vault keeps no ciphertext of the erased; the key is gone.
    const vault = await ctx.pg.query(`SELECT (SELECT count(*) FROM cluebus_vault_entries WHERE token = $1)::int AS entries, (SELECT count(*) FROM cluebus_vault_keys WHERE token = $1 AND wrapped_key IS NOT NULL)::int AS keys`, [doctorToken]);
    expect(vault.rows[0]).toEqual({ entries: 0, keys: 0 });

    // The chain still verifies, and the erased subject's events are still proven.
    const head = Number((await ctx.pg.query(`SELECT max(global_position) AS n FROM cluebus_events`)).rows[0].n);
    await eventually(async () => (await investigator.get('/v1/audit/status')).body.uncheckpointed === 0, 30_000, 'checkpoint at the head');
    const verify = await investigator.post('/v1/audit/verify');
    expect(verify.body).toMatchObject({ ok: true, checked: head });
    const pinnedPem = createPublicKey(createPrivateKey(ctx.cluster.services.nhc.options.env!.CLUEBUS_SIGNING_KEY!)).export({ type: 'spki', format: 'pem' }).toString();
    const { rows: proven } = await ctx.pg.query<{ event_id: string }>(`SELECT event_id FROM cluebus_events WHERE stream_id = ANY($1) AND (type = 'ClueRegistered' OR type = 'PersonalDataErased')`, [
      [`clue-${clueId}`, `clue-${secondClueId}`, personalDataStreamId(doctorToken)],
    ]);
    expect(proven).toHaveLength(3);
    for (const { event_id } of proven) {
      const res = await investigator.get(`/v1/audit/events/${event_id}/proof`);
      expect(res.status).toBe(200);
      expect(verifyEventIndependently(res.body.event, res.body.proof, res.body.checkpoint, pinnedPem)).toEqual({ ok: true });
    }
  });
});
