import { v7 as uuid } from 'uuid';
import { chinaDate } from '@cluebus/domain';
import { OverdueScheduler } from '@cluebus/service';
import { ApiClient, eventually } from '../support/api-client';
import { FakeClock } from '../support/fake-clock';
import { ledgerRowsFromCsv, ledgerRowsFromXlsx } from '../support/ledger-sheets';
import { startStandalone, type RunningApp, type StoreKind } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NHC = 'nhc:341300';
const SAMR = 'samr:341300';
const STA = 'sta:341300';
const NHSA = 'nhsa:341300';
const MPS = 'mps:341300';

/**
 * 台账 and 通报 over real HTTP (the standalone app, a fake clock for "late now"), on PostgreSQL
 * and on PGlite (what `npm start` runs):
 * nhc sends clue A to samr and sta and clue B to nhsa; samr acknowledges, forwards to mps,
 * finds and answers; nhsa acknowledges; sta lets the deadline pass (TransferOverdue) and is
 * pressed (督办). A third, back-dated story (written to the store as it would have been in
 * autumn, across the 国庆 holiday) gives the statistics working-day medians worth checking.
 */
describe.each<StoreKind>(['postgres', 'pglite'])('台账 API: GET /v1/ledger and /v1/stats over HTTP on %s', (kind) => {
  let running: RunningApp;
  let clock: FakeClock;
  let nhc: ApiClient;
  let samr: ApiClient;
  let sta: ApiClient;
  let nhsa: ApiClient;
  let mps: ApiClient;
  let clueA: string;
  let clueB: string;
  let transferA: string;
  let transferB: string;
  let forward: string;
  let acknowledgeByA: string;
  let today: string;
  const clueC = uuid();
  const transferC = uuid();
  const transferD = uuid();

  const raw = async (who: string, path: string) => {
    const res = await fetch(`${running.baseUrl}${path}`, { headers: { authorization: `Bearer ${who}` } });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  const ledger = async (who: ApiClient, query = '') => {
    const res = await who.get(`/v1/ledger${query}`);
    expect(res.status).toBe(200);
    return res.body.rows as Array<Record<string, any>>;
  };

  /** The autumn story, stored as the services would have stored it then (occurredAt in the past). */
  async function appendBackDated(): Promise<void> {
    const e = (type: string, department: string, occurredAt: string, data: Record<string, unknown>) => ({
      eventId: uuid(),
      type,
      schemaVersion: type === 'FindingRecorded' ? 2 : 1,
      data,
      metadata: { department, actor: 'e2e', occurredAt, causationId: uuid(), correlationId: uuid() },
    });
    const terms = { clueId: clueC, from: NHC, basis: BASIS, acknowledgeBy: '2026-10-09T15:59:59.999Z', feedbackBy: '2026-11-13T15:59:59.999Z' };
    const events = [
      e('ClueRegistered', NHC, '2026-09-29T02:00:00.000Z', { clueId: clueC, registeredBy: NHC, source: 'report', category: 'bribery', alsoConcerns: [], summary: '秋季线索', subjects: [], attachments: [] }),
      e('ClueTransferred', NHC, '2026-09-30T02:00:00.000Z', { ...terms, transferId: transferC, to: [SAMR, NHSA] }), // Wed 30 Sep, 10:00 China
      e('TransferAcknowledged', NHSA, '2026-09-30T06:00:00.000Z', { clueId: clueC, transferId: transferC, by: NHSA }), // same day: 0
      e('ClueTransferred', NHC, '2026-09-30T03:00:00.000Z', { ...terms, transferId: transferD, to: [SAMR] }),
      e('TransferAcknowledged', SAMR, '2026-10-09T03:00:00.000Z', { clueId: clueC, transferId: transferC, by: SAMR }), // 8 Oct = 1, 9 Oct = 2
      e('TransferAcknowledged', SAMR, '2026-10-10T02:00:00.000Z', { clueId: clueC, transferId: transferD, by: SAMR }), // Sat 10 Oct 调休 = 3: late
      e('FeedbackSent', SAMR, '2026-10-12T01:00:00.000Z', { clueId: clueC, by: SAMR, to: NHC, transferId: transferC, summary: '已反馈' }), // Mon 12 Oct = 4
      e('FeedbackSent', NHSA, '2026-10-16T02:00:00.000Z', { clueId: clueC, by: NHSA, to: NHC, transferId: transferC, summary: '已反馈' }), // Fri 16 Oct = 8
    ];
    for (const event of events) await running.store.append(`clue-${clueC}`, [event], { expectedVersion: 'any' });
  }

  beforeAll(async () => {
    clock = new FakeClock();
    running = await startStandalone(kind, {}, { clock });
    nhc = new ApiClient(running.baseUrl, 'dev-nhc', '王科员');
    samr = nhc.as('dev-samr');
    sta = nhc.as('dev-sta');
    nhsa = nhc.as('dev-nhsa');
    mps = nhc.as('dev-mps');
    today = chinaDate(new Date());

    clueA = (await nhc.post('/v1/clues', kickbackClue())).body.clueId;
    clueB = (await nhc.post('/v1/clues', kickbackClue({ category: 'fund-fraud', alsoConcerns: [], summary: '某医院虚构诊疗项目骗取医保基金', amountYuan: 5000 }))).body.clueId;
    acknowledgeByA = new Date(Date.now() + 2 * DAY).toISOString();
    const far = { acknowledgeBy: new Date(Date.now() + 10 * DAY).toISOString(), feedbackBy: new Date(Date.now() + 30 * DAY).toISOString() };
    const a = await nhc.post(`/v1/clues/${clueA}/transfers`, { to: ['samr', 'sta'], basis: BASIS, acknowledgeBy: acknowledgeByA, feedbackBy: new Date(Date.now() + 20 * DAY).toISOString() });
    expect(a.status).toBe(201);
    transferA = a.body.transferId;
    const b = await nhc.post(`/v1/clues/${clueB}/transfers`, { to: ['nhsa'], basis: BASIS, note: '请评估医保基金损失', ...far });
    expect(b.status).toBe(201);
    transferB = b.body.transferId;

    const ok = async (p: Promise<{ status: number; body: unknown }>, status = 200) => expect((await p).status).toBe(status);
    await ok(samr.post(`/v1/clues/${clueA}/transfers/${transferA}/acknowledge`));
    const f = await samr.post(`/v1/clues/${clueA}/forward`, { to: ['mps'], basis: '涉嫌犯罪，依法移送公安', ...far });
    expect(f.status).toBe(201);
    forward = f.body.transferId;
    await ok(samr.post(`/v1/clues/${clueA}/investigation`, { basis: '《反不正当竞争法》第七条' }));
    await ok(samr.post(`/v1/clues/${clueA}/findings`, { result: 'substantiated', summary: '查实回扣 2 万元' }));
    await ok(samr.post(`/v1/clues/${clueA}/dispositions`, { measures: [{ kind: 'administrative-penalty', detail: '没收违法所得并罚款' }] }));
    await ok(samr.post(`/v1/clues/${clueA}/feedback`, { transferId: transferA, summary: '已查实并作出行政处罚' }));
    await ok(nhsa.post(`/v1/clues/${clueB}/transfers/${transferB}/acknowledge`));

    // sta lets acknowledge-by pass: the scheduler records it, nhc presses (督办 level 1)
    await eventually(async () => (await sta.get('/v1/inbox')).body.items.some((i: any) => i.transferId === transferA), 10_000, 'sta inbox');
    clock.set(new Date(Date.parse(acknowledgeByA) + HOUR));
    await eventually(async () => (await running.app.get(OverdueScheduler).scan(), (await ledger(nhc, '?direction=sent&overdue=true')).length > 0), 10_000, 'overdue');
    await ok(nhc.post(`/v1/clues/${clueA}/transfers/${transferA}/supervision`, { note: '请立即签收', dueBy: new Date(Date.now() + 3 * DAY).toISOString() }), 201);

    await appendBackDated();
    // everything projected: the last events of both stories are in the ledger
    await eventually(async () => {
      const rows = await ledger(nhc, '?scope=all');
      return rows.find((r) => r.recipient === STA && r.transferId === transferA)?.supervisionLevel === 1 && rows.filter((r) => r.transferId === transferC && r.status === 'answered').length === 2;
    }, 15_000, 'ledger caught up');
  }, 120_000);

  afterAll(() => running?.close());

  it('given nhc’s transfers, when it asks for what it sent, then one row per recipient: statuses, deadlines, overdue, 督办 and outcome', async () => {
    const rows = await ledger(nhc, `?direction=sent&from=${today}&to=${today}`);
    expect(rows.map((r) => [r.transferId, r.recipient])).toEqual([
      [transferA, SAMR],
      [transferA, STA],
      [transferB, NHSA],
    ]);
    const [toSamr, toSta, toNhsa] = rows;
    expect(toSamr).toMatchObject({ clueId: clueA, category: 'kickback', sender: NHC, kind: 'transfer', basis: BASIS, status: 'answered', overdue: false, outcome: 'substantiated', supervisionLevel: 0 });
    expect(toSamr.acknowledgedAt).not.toBeNull();
    expect(Date.parse(toSamr.answeredAt)).toBeGreaterThanOrEqual(Date.parse(toSamr.acknowledgedAt));
    expect(toSta).toMatchObject({ status: 'pending', acknowledgeBy: acknowledgeByA, overdue: true, overdueRecorded: true, supervisionLevel: 1, outcome: null, acknowledgedAt: null, answeredAt: null });
    expect(toNhsa).toMatchObject({ clueId: clueB, category: 'fund-fraud', status: 'acknowledged', note: '请评估医保基金损失', overdue: false, supervisionLevel: 0, extension: null });
    expect(Object.keys(toSamr).sort()).toEqual(Object.keys(toNhsa).sort()); // every row has every column
  });

  it('given the recipients, when each asks for what it received or sent, then only its own rows', async () => {
    expect((await ledger(samr, `?direction=received&from=${today}`)).map((r) => [r.transferId, r.sender, r.status])).toEqual([[transferA, NHC, 'answered']]);
    expect((await ledger(samr, '?direction=sent')).map((r) => [r.transferId, r.kind, r.recipient, r.viaTransferId])).toEqual([[forward, 'forward', MPS, transferA]]);
    // both directions by default, but never nhc’s transfer to sta; the two autumn transfers are received too
    expect((await ledger(samr, `?from=${today}`)).map((r) => r.recipient).sort()).toEqual([MPS, SAMR]);
    expect((await ledger(samr)).map((r) => r.transferId).sort()).toEqual([transferA, forward, transferC, transferD].sort());
    expect((await ledger(mps, '?direction=received')).map((r) => [r.transferId, r.sender, r.status, r.overdue])).toEqual([[forward, SAMR, 'pending', false]]);
    expect((await ledger(sta, '?direction=received')).map((r) => [r.transferId, r.overdue, r.supervisionLevel])).toEqual([[transferA, true, 1]]);
    expect(await ledger(sta, '?direction=sent')).toEqual([]);
  });

  it('given filters, then status, category, overdue and the transfer-date period each narrow the rows', async () => {
    const ids = (rows: Array<Record<string, any>>) => rows.map((r) => `${r.transferId}/${r.recipient}`);
    expect(ids(await ledger(nhc, `?direction=sent&status=pending&from=${today}`))).toEqual([`${transferA}/${STA}`]);
    expect(ids(await ledger(nhc, `?direction=sent&category=fund-fraud`))).toEqual([`${transferB}/${NHSA}`]);
    expect(ids(await ledger(nhc, `?direction=sent&overdue=true&from=${today}`))).toEqual([`${transferA}/${STA}`]);
    expect(ids(await ledger(nhc, `?direction=sent&overdue=false&from=${today}`))).toEqual([`${transferA}/${SAMR}`, `${transferB}/${NHSA}`]);
    // the autumn story: transfers of 30 September (China date), both ends included
    expect(ids(await ledger(nhc, '?direction=sent&from=2026-09-30&to=2026-09-30'))).toEqual([`${transferC}/${NHSA}`, `${transferC}/${SAMR}`, `${transferD}/${SAMR}`]);
    expect(await ledger(nhc, '?direction=sent&from=2026-10-01&to=2026-10-31')).toEqual([]);
  });

  it.each([
    ['csv', 'text/csv; charset=utf-8'],
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ])('given format=%s, when exported, then the file parses back into exactly the JSON rows, with its type and a dated file name', async (format, contentType) => {
    for (const [key, instance, query] of [
      ['dev-nhc', NHC, '?direction=sent'],
      ['dev-samr', SAMR, ''],
      ['dev-sta', STA, '?direction=received&overdue=true'],
    ] as const) {
      const json = await ledger(new ApiClient(running.baseUrl, key), query);
      expect(json.length).toBeGreaterThan(0);
      const file = await raw(key, `/v1/ledger${query}${query ? '&' : '?'}format=${format}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe(contentType);
      const stem = `${instance.replace(':', '-')}-${chinaDate(clock.now())}.${format}`;
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="ledger-${stem}"; filename*=UTF-8''${encodeURIComponent(`台账-${stem}`)}`);
      const parsed = format === 'csv' ? ledgerRowsFromCsv(file.body) : await ledgerRowsFromXlsx(file.body);
      if (format === 'csv') expect((parsed as { bom: boolean }).bom).toBe(true);
      expect(parsed.header[0]).toBe('移交编号');
      expect(parsed.rows).toEqual(json);
    }
  });

  it('given the lead unit asks scope=all, then every department’s rows, metadata only (no basis, note or reason), in JSON and in the exports alike', async () => {
    const res = await nhc.get('/v1/ledger?scope=all');
    expect(res.body).toMatchObject({ department: 'all', scope: 'all', metadataOnly: true });
    const rows = res.body.rows as Array<Record<string, unknown>>;
    expect(rows.map((r) => `${r.transferId}/${r.recipient}`)).toEqual(
      expect.arrayContaining([`${transferA}/${SAMR}`, `${transferA}/${STA}`, `${transferB}/${NHSA}`, `${forward}/${MPS}`, `${transferC}/${SAMR}`, `${transferD}/${SAMR}`]),
    );
    expect(rows).toHaveLength(7);
    for (const r of rows) for (const text of ['basis', 'note', 'reason']) expect(r).not.toHaveProperty(text);
    const csv = ledgerRowsFromCsv((await raw('dev-nhc', '/v1/ledger?scope=all&format=csv')).body);
    expect(csv.header).not.toContain('移交依据');
    expect(csv.rows).toEqual(rows);
    expect((await ledgerRowsFromXlsx((await raw('dev-nhc', '/v1/ledger?scope=all&format=xlsx')).body)).rows).toEqual(rows);
  });

  it('given another department asks scope=all, then 403 naming the parameter', async () => {
    for (const who of [samr, sta]) {
      const res = await who.get('/v1/ledger?scope=all');
      expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({ status: 403, code: 'ONLY_LEAD_UNIT_MAY_VIEW_ALL', field: 'scope' });
    }
  });

  it('given the autumn period, when nhc asks for statistics, then the hand-computed counts, overdue rates and working-day medians', async () => {
    const res = await nhc.get('/v1/stats?from=2026-09-01&to=2026-10-31');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2026-09-01', to: '2026-10-31', workingDays: 'Asia/Shanghai' });
    expect(res.body.departments).toEqual([
      { department: NHC, sent: 2, received: 0, pending: 0, acknowledged: 0, rejected: 0, answered: 0, overdue: 0, overdueRate: null, medianWorkingDaysToAcknowledge: null, medianWorkingDaysToFeedback: null },
      // nhsa acknowledged the same day (0) and answered on Fri 16 Oct (8: 8, 9, 10 调休, 12–16 Oct)
      { department: NHSA, sent: 0, received: 1, pending: 0, acknowledged: 0, rejected: 0, answered: 1, overdue: 0, overdueRate: 0, medianWorkingDaysToAcknowledge: 0, medianWorkingDaysToFeedback: 8 },
      // samr acknowledged 9 Oct (2 working days) and 10 Oct (3, after acknowledge-by): median 2.5; answered 12 Oct (4)
      { department: SAMR, sent: 0, received: 2, pending: 0, acknowledged: 1, rejected: 0, answered: 1, overdue: 1, overdueRate: 0.5, medianWorkingDaysToAcknowledge: 2.5, medianWorkingDaysToFeedback: 4 },
    ]);
  });

  it('given today’s period, when nhc asks, then every department’s line; sta late on its only transfer, samr and nhsa on time', async () => {
    const [samrRow] = await ledger(samr, `?direction=received&from=${today}`);
    // the HTTP steps ran seconds apart: the same China day, so 0 working days (a run across China midnight would show 1)
    expect(chinaDate(new Date(samrRow.answeredAt))).toBe(chinaDate(new Date(samrRow.transferredAt)));
    const res = await nhc.get(`/v1/stats?from=${today}&to=${today}`);
    const byDept = Object.fromEntries((res.body.departments as any[]).map((d) => [d.department, d]));
    expect(Object.keys(byDept).sort()).toEqual([MPS, NHC, NHSA, SAMR, STA]);
    expect(byDept[NHC]).toMatchObject({ sent: 2, received: 0 });
    expect(byDept[SAMR]).toMatchObject({ sent: 1, received: 1, answered: 1, overdue: 0, overdueRate: 0, medianWorkingDaysToAcknowledge: 0, medianWorkingDaysToFeedback: 0 });
    expect(byDept[STA]).toMatchObject({ received: 1, pending: 1, overdue: 1, overdueRate: 1, medianWorkingDaysToAcknowledge: null });
    expect(byDept[NHSA]).toMatchObject({ received: 1, acknowledged: 1, overdue: 0, medianWorkingDaysToAcknowledge: 0, medianWorkingDaysToFeedback: null });
    expect(byDept[MPS]).toMatchObject({ received: 1, pending: 1, overdue: 0, overdueRate: 0 });
  });

  it('given a department that is not the lead, when it asks for statistics, then its own line only', async () => {
    const res = await samr.get('/v1/stats');
    expect(res.body.departments.map((d: any) => d.department)).toEqual([SAMR]);
    expect(res.body.departments[0]).toMatchObject({ sent: 1, received: 3, answered: 2, acknowledged: 1 });
    const ccdi = await nhc.as('dev-ccdi').get('/v1/stats');
    expect(ccdi.body.departments).toEqual([expect.objectContaining({ department: 'ccdi:341300', received: 0, sent: 0, overdueRate: null })]);
  });

  it('given bad query parameters, then 400 VALIDATION_FAILED naming each', async () => {
    const cases: Array<[string, string]> = [
      ['/v1/ledger?direction=up', 'direction'],
      ['/v1/ledger?status=done', 'status'],
      ['/v1/ledger?category=murder', 'category'],
      ['/v1/ledger?overdue=1', 'overdue'],
      ['/v1/ledger?from=2026-02-30', 'from'],
      ['/v1/ledger?to=12/31/2026', 'to'],
      ['/v1/ledger?from=2026-12-01&to=2026-11-01', 'to'],
      ['/v1/ledger?format=pdf', 'format'],
      ['/v1/ledger?scope=mine', 'scope'],
      ['/v1/ledger?status=pending&status=answered', 'status'],
      ['/v1/ledger?scope=all&direction=sent', 'direction'],
      ['/v1/stats?from=yesterday', 'from'],
      ['/v1/stats?from=2026-10-01&to=2026-09-01', 'to'],
    ];
    for (const [path, field] of cases) {
      const res = await nhc.get(path);
      expect({ path, status: res.status, code: res.body?.code, field: res.body?.field }).toEqual({ path, status: 400, code: 'VALIDATION_FAILED', field });
    }
  });

  it('given nhsa asks for more time on its feedback and nhc grants it, then the ledger shows the extension and the moved feedback-by', async () => {
    const [before] = await ledger(nhc, `?direction=sent&category=fund-fraud`);
    expect(before).toMatchObject({ transferId: transferB, status: 'acknowledged', extension: null });
    expect((await nhsa.post(`/v1/clues/${clueB}/transfers/${transferB}/extension`, { days: 5, reason: '需调取医院全年结算数据' })).status).toBe(201);
    await eventually(async () => (await ledger(nhc, '?direction=sent&category=fund-fraud'))[0].extension === 'requested', 10_000, 'requested');
    expect((await nhc.post(`/v1/clues/${clueB}/transfers/${transferB}/extension/grant`, {})).status).toBe(200);
    const after = await eventually(async () => {
      const [row] = await ledger(nhc, '?direction=sent&category=fund-fraud');
      return row.extension === 'granted' && row;
    }, 10_000, 'granted');
    const granted = ((await nhc.get(`/v1/clues/${clueB}/history`)).body.events as any[]).find((e) => e.type === 'TransferExtensionGranted');
    expect(granted.data).toMatchObject({ recipient: NHSA, deadline: 'feedback', days: 5, previousDueAt: before.feedbackBy });
    expect(after).toMatchObject({ feedbackBy: granted.data.dueAt, acknowledgeBy: before.acknowledgeBy });
    expect(Date.parse(after.feedbackBy)).toBeGreaterThan(Date.parse(before.feedbackBy));
    // the recipient's own view says the same
    expect((await ledger(nhsa, '?direction=received&category=fund-fraud'))[0]).toEqual(after);
  });

  it('given no or an investigator’s key, then the ledger is refused', async () => {
    expect((await nhc.as('').get('/v1/ledger')).status).toBe(401);
    expect((await nhc.as('dev-investigator').get('/v1/ledger')).status).toBe(403);
  });
});
