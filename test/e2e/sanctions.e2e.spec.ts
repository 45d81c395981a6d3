/**
 * 联合惩戒 in the production shape (issue #13): the department services as their own processes
 * over Kafka and one PostgreSQL store, real HTTP. A substantiated kickback finding leads samr to
 * publish an administrative penalty and nhsa to rate the enterprise 严重失信 (2025 scheme); the
 * memorandum's notices reach the departments' inboxes over Kafka; the auditor sees the listing
 * with its provenance; expiry (a samr service in this process with a fake clock, scanned by
 * hand) and 信用修复 delist it, while `asOf` an earlier day still shows it listed.
 */
import type { INestApplication } from '@nestjs/common';
import { usccCheckCharacter } from '@cluebus/contracts';
import { createCluebusApp, loadCluebusConfig } from '@cluebus/service';
import { SanctionExpiryScheduler } from '@cluebus/service/sanctions/expiry/sanction-expiry.scheduler';
import { ApiClient, eventually } from '../support/api-client';
import { clusterOnFreshDatabase } from '../support/cluster-fixture';
import { FakeClock } from '../support/fake-clock';
import { BASIS, kickbackClue } from '../fixtures/clues';

jest.setTimeout(300_000);

const NHC = 'nhc:341300';
const SAMR = 'samr:341300';
const NHSA = 'nhsa:341300';
const BODY = '91341300MA2N0B7KX';
const USCC = BODY + usccCheckCharacter(BODY);
const ID_NUMBER = '11010519491231002X';
const ENTERPRISE = { kind: 'enterprise', uscc: USCC, name: '宿州某医药贸易有限公司' };

interface Listing {
  subject: { key: string; uscc: string; name: string };
  departments: string[];
  sanctions: Array<{ sanctionId: string; department: string; measure: string; rating: unknown; legalBasis: string; findingEventIds: string[]; eventId: string; startsOn: string; endsOn: string; trigger: { eventId: string } | null }>;
}

describe('联合惩戒 across department processes over Kafka: sanctions, memorandum, blacklist, auditor', () => {
  const ctx = clusterOnFreshDatabase('cluebus_sanctions');
  const client = (code: 'nhc' | 'samr' | 'nhsa' | 'sta') => ctx.cluster.client(code, `${code}-clerk`);
  const auditor = () => new ApiClient(ctx.cluster.services.nhc.url, ctx.cluster.auditorKey, '审计-周');
  const clock = new FakeClock();
  let expiryHost: INestApplication | undefined;

  afterAll(async () => {
    await expiryHost?.close();
  });

  const subjectEvents = async () => Number((await ctx.pg.query(`SELECT count(*)::int AS n FROM cluebus_events WHERE stream_id LIKE 'subject-%'`)).rows[0].n);
  const listings = async (query: string): Promise<Listing[]> => {
    const res = await auditor().get(`/v1/blacklist?${query}`);
    expect(res.status).toBe(200);
    return res.body.listings;
  };

  it('given a substantiated kickback, when samr and nhsa sanction the enterprise, then notices reach nhc, samr and nhsa, the auditor sees every provenance, and expiry + repair delist it except asOf before', async () => {
    // given: nhc registers the kickback clue and transfers it; samr investigates and finds it substantiated
    const nhc = client('nhc');
    const registered = await nhc.post('/v1/clues', kickbackClue({ subjects: [{ ...ENTERPRISE, role: 'briber' }, { kind: 'person', name: '张某', idNumber: ID_NUMBER, role: 'bribe-taker', position: '某医院药剂科主任' }] }));
    expect(registered.status).toBe(201);
    const clueId: string = registered.body.clueId;
    const required = ((await nhc.get(`/v1/clues/${clueId}/routing`)).body.suggestions as Array<{ recipient: string; required: boolean }>).filter((s) => s.required).map((s) => s.recipient.split(':')[0]);
    const transfer = await nhc.post(`/v1/clues/${clueId}/transfers`, { to: [...new Set(['samr', 'nhsa', ...required])], basis: BASIS });
    expect(transfer.status).toBe(201);
    const samr = client('samr');
    await eventually(async () => ((await samr.get('/v1/inbox')).body.items as Array<{ transferId: string }>).some((i) => i.transferId === transfer.body.transferId), 30_000, 'samr inbox');
    expect((await samr.post(`/v1/clues/${clueId}/transfers/${transfer.body.transferId}/acknowledge`)).status).toBe(200);
    expect((await samr.post(`/v1/clues/${clueId}/investigation`, { basis: '反不正当竞争法第七条' })).status).toBe(200);
    const finding = await samr.post(`/v1/clues/${clueId}/findings`, { result: 'substantiated', summary: '查实以学术推广费名义支付回扣 60 万元' });
    expect(finding.status).toBe(200);
    const findingEventId: string = finding.body.events[0].eventId;

    // bad input: a clear 4xx naming the field, and nothing stored
    const nhsa = client('nhsa');
    const rating = { subject: ENTERPRISE, measure: 'procurement-credit-rating', rating: { scheme: 'nhsa-2025', grade: '严重失信' }, legalBasis: '《关于进一步完善医药价格和招采信用评价制度的通知》', findingEventIds: [findingEventId], startsOn: '2026-12-01', endsOn: '2027-11-30' };
    const refusals = [
      await nhsa.post('/v1/sanctions', { ...rating, subject: { ...ENTERPRISE, uscc: BODY + (USCC[17] === '0' ? '1' : '0') } }),
      await nhsa.post('/v1/sanctions', { ...rating, subject: { kind: 'person', idNumber: '110105194912310021' }, measure: 'insurance-payment-suspension', rating: undefined }),
      await nhsa.post('/v1/sanctions', { ...rating, endsOn: '2026-11-30' }),
      await nhsa.post('/v1/sanctions', { ...rating, measure: 'administrative-penalty-publicity', rating: undefined }),
      await nhsa.post('/v1/sanctions', { ...rating, rating: { scheme: 'nhsa-2030', grade: '严重失信' } }),
      await nhsa.post('/v1/sanctions', { ...rating, rating: { scheme: 'nhsa-2025', grade: '中等' } }),
      await nhsa.post('/v1/sanctions/0193a000-0000-7000-8000-000000000001/revocation', { reason: '撤销', effectiveOn: '2026-12-02' }),
    ];
    expect(refusals.map((r) => [r.status, r.body.code, r.body.field])).toEqual([
      [400, 'VALIDATION_FAILED', 'subject.uscc'],
      [400, 'VALIDATION_FAILED', 'subject.idNumber'],
      [422, 'END_BEFORE_START', 'endsOn'],
      [422, 'MEASURE_OF_ANOTHER_DEPARTMENT', 'measure'],
      [422, 'UNKNOWN_RATING_SCHEME', 'rating.scheme'],
      [422, 'UNKNOWN_RATING_GRADE', 'rating.grade'],
      [404, 'SANCTION_NOT_FOUND', 'id'],
    ]);
    expect(await subjectEvents()).toBe(0);
    expect((await auditor().post('/v1/sanctions', rating)).status).toBe(403);

    // when: samr publishes its penalty (企业信用信息公示), nhsa rates the enterprise 严重失信 (2025)
    const penalty = await samr.post(
      '/v1/sanctions',
      { subject: ENTERPRISE, measure: 'administrative-penalty-publicity', legalBasis: '反不正当竞争法第七条、第十九条', findingEventIds: [findingEventId], startsOn: '2026-12-01', endsOn: '2027-05-31' },
      { 'idempotency-key': `penalty-${clueId}` },
    );
    expect(penalty.status).toBe(201);
    const rated = await nhsa.post('/v1/sanctions', rating, { 'idempotency-key': `rating-${clueId}` });
    expect({ status: rated.status, types: rated.body.events.map((e: { type: string }) => e.type) }).toEqual({ status: 201, types: ['SanctionImposed', 'SanctionImposed', 'SanctionImposed'] });
    const again = await nhsa.post('/v1/sanctions', rating, { 'idempotency-key': `rating-${clueId}` });
    expect({ status: again.status, replayed: again.headers.get('idempotent-replayed'), id: again.body.sanctionId }).toEqual({ status: 201, replayed: 'true', id: rated.body.sanctionId });
    const penaltyEvent: string = penalty.body.events[0].eventId;
    const ratingEvent: string = rated.body.events[0].eventId;

    // then: the memorandum's notices, over Kafka, in each addressed department's own inbox, citing their trigger
    const noticeIn = (code: 'nhc' | 'samr' | 'nhsa', trigger: string) =>
      eventually(async () => ((await client(code).get('/v1/inbox')).body.notices as Array<{ kind: string; triggerEventId: string; subjectKey: string }>).find((n) => n.kind === 'joint-punishment' && n.triggerEventId === trigger), 30_000, `${code} notice`);
    expect(await noticeIn('nhc', ratingEvent)).toMatchObject({ subjectKey: `uscc:${USCC}`, measure: 'joint-punishment-notice', rule: 'serious-procurement-discredit' });
    expect(await noticeIn('samr', ratingEvent)).toMatchObject({ triggerSanctionId: rated.body.sanctionId });
    expect(await noticeIn('nhsa', penaltyEvent)).toMatchObject({ triggerSanctionId: penalty.body.sanctionId, rule: 'penalty-informs-credit-rating' });

    // the auditor sees the enterprise listed, with every provenance
    const [listing] = await eventually(async () => {
      const found = await listings(`uscc=${USCC}`);
      return found[0]?.sanctions.length === 5 && found;
    }, 30_000, 'the listing');
    expect(listing.subject).toMatchObject({ key: `uscc:${USCC}`, uscc: USCC, name: ENTERPRISE.name });
    expect([...listing.departments].sort()).toEqual([NHC, NHSA, SAMR]);
    const byMeasure = (department: string, measure: string) => listing.sanctions.find((s) => s.department === department && s.measure === measure)!;
    expect(byMeasure(NHSA, 'procurement-credit-rating')).toMatchObject({ eventId: ratingEvent, rating: { scheme: 'nhsa-2025', grade: '严重失信' }, legalBasis: rating.legalBasis, findingEventIds: [findingEventId], startsOn: '2026-12-01', endsOn: '2027-11-30', trigger: null });
    expect(byMeasure(SAMR, 'administrative-penalty-publicity')).toMatchObject({ eventId: penaltyEvent, findingEventIds: [findingEventId], endsOn: '2027-05-31' });
    expect(byMeasure(NHC, 'joint-punishment-notice').trigger).toMatchObject({ eventId: ratingEvent, sanctionId: rated.body.sanctionId });
    expect(byMeasure(SAMR, 'joint-punishment-notice').trigger).toMatchObject({ eventId: ratingEvent });
    expect(byMeasure(NHSA, 'joint-punishment-notice').trigger).toMatchObject({ eventId: penaltyEvent });
    expect((await listings('name=某医药贸易')).map((l) => l.subject.uscc)).toEqual([USCC]);
    expect(await listings(`idNumber=${ID_NUMBER}`)).toEqual([]);
    const csv = await fetch(`${ctx.cluster.services.nhc.url}/v1/blacklist?uscc=${USCC}&format=csv`, { headers: { authorization: `Bearer ${ctx.cluster.auditorKey}` } });
    expect({ status: csv.status, type: csv.headers.get('content-type'), lines: (await csv.text()).trim().split('\r\n').length }).toEqual({ status: 200, type: 'text/csv; charset=utf-8', lines: 6 });
    expect((await auditor().get('/v1/ledger')).body).toMatchObject({ scope: 'all', metadataOnly: true });

    // every auditor query is recorded — the ID number as its token only — and shown to the lead unit, not to others
    const trail = await nhc.get('/v1/access-log?role=auditor');
    expect(trail.status).toBe(200);
    const targets = (trail.body.entries as Array<{ actor: string; route: string; target: Record<string, string> }>).map((e) => e.target);
    expect(targets).toEqual(expect.arrayContaining([expect.objectContaining({ uscc: USCC }), expect.objectContaining({ idNumberToken: expect.stringMatching(/^idt1:[0-9a-f]{64}$/) })]));
    expect(JSON.stringify(trail.body)).not.toContain(ID_NUMBER);
    expect(trail.body.entries[0]).toMatchObject({ role: 'auditor', actor: '审计-周' });
    expect((await samr.get('/v1/access-log')).status).toBe(403);
    const leaked = await ctx.pg.query(`SELECT count(*)::int AS n FROM cluebus_events WHERE data::text LIKE $1 OR metadata::text LIKE $1`, [`%${ID_NUMBER}%`]);
    expect(leaked.rows[0].n).toBe(0);

    // when: the penalty's last day passes (a samr service here, on the fake clock) and nhsa records 信用修复
    clock.set('2027-06-01T02:00:00Z'); // 10:00 on 2027-06-01 in China
    const config = loadCluebusConfig({
      ...ctx.cluster.env,
      CLUEBUS_DEPARTMENTS: 'samr',
      CLUEBUS_RELAY: 'false',
      CLUEBUS_API_KEYS: `${ctx.cluster.keys.samr}=${SAMR}`,
      CLUEBUS_SANCTION_EXPIRY_SCAN_SECONDS: '3600',
      PORT: '0',
    });
    expiryHost = await createCluebusApp(config, false, { clock });
    await expiryHost.init();
    const scheduler = expiryHost.get(SanctionExpiryScheduler);
    expect(await scheduler.scan()).toMatchObject({ candidates: 1, recorded: 1, replayed: 0, refused: {} });
    const repaired = await nhsa.post(`/v1/sanctions/${rated.body.sanctionId}/repair`, { basis: '企业已整改并作出信用承诺，信用修复（清零）', effectiveOn: '2027-06-15' });
    expect({ status: repaired.status, types: repaired.body.events.map((e: { type: string }) => e.type) }).toEqual({ status: 200, types: ['CreditRepaired', 'CreditRepaired', 'CreditRepaired'] });
    const twice = await nhsa.post(`/v1/sanctions/${rated.body.sanctionId}/revocation`, { reason: '撤销', effectiveOn: '2027-06-16' });
    expect([twice.status, twice.body.code]).toEqual([409, 'SANCTION_ALREADY_ENDED']);

    // then: delisted after both; asOf the earlier day still listed with all five; the feed shows it
    await eventually(async () => (await listings(`uscc=${USCC}&asOf=2027-06-20`)).length === 0, 30_000, 'delisted');
    expect((await listings(`uscc=${USCC}&asOf=2027-06-10`))[0].sanctions.map((s) => s.measure).sort()).toEqual(['joint-punishment-notice', 'joint-punishment-notice', 'procurement-credit-rating']);
    expect((await listings(`uscc=${USCC}&asOf=2026-12-15`))[0].sanctions).toHaveLength(5);
    const feed = (await auditor().get('/v1/blacklist/changes?since=0')).body.changes as Array<{ change: string; eventType: string }>;
    expect(feed.map((c) => `${c.change}:${c.eventType}`)).toEqual([
      ...Array(5).fill('listed:SanctionImposed'),
      'delisted:SanctionExpired',
      'delisted:SanctionExpired',
      'delisted:CreditRepaired',
      'delisted:CreditRepaired',
      'delisted:CreditRepaired',
    ]);
    expect(await scheduler.scan()).toMatchObject({ candidates: 0, recorded: 0 });
  });
});
