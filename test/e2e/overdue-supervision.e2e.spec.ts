import { OverdueScheduler } from '@cluebus/service';
import { ApiClient, eventually, type ApiResponse } from '../support/api-client';
import { FakeClock } from '../support/fake-clock';
import { startStandalone, type RunningApp, type StoreKind } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each<StoreKind>(['pglite', 'postgres'])('overdue scheduler and 督办 over HTTP on %s (fake clock)', (kind) => {
  let running: RunningApp;
  let clock: FakeClock;
  let nhc: ApiClient;
  let samr: ApiClient;
  let sta: ApiClient;
  let clueId: string;
  let transferId: string;
  let acknowledgeBy: string;

  const history = async () => (await nhc.get(`/v1/clues/${clueId}/history`)).body.events as Array<{ type: string; data: any; metadata?: any }>;
  const inboxItem = async (who: ApiClient) => (await who.get('/v1/inbox')).body.items.find((i: any) => i.transferId === transferId);
  const scheduler = () => running.app.get(OverdueScheduler);
  const supervision = (who: ApiClient, body: unknown, tid = transferId) => who.post(`/v1/clues/${clueId}/transfers/${tid}/supervision`, body);

  beforeAll(async () => {
    clock = new FakeClock();
    running = await startStandalone(kind, {}, { clock });
    nhc = new ApiClient(running.baseUrl, 'dev-nhc', '王科员');
    samr = nhc.as('dev-samr', '赵调查员');
    sta = nhc.as('dev-sta');

    const registered = await nhc.post('/v1/clues', kickbackClue());
    expect(registered.status).toBe(201);
    clueId = registered.body.clueId;
    acknowledgeBy = new Date(Date.now() + 2 * DAY).toISOString();
    const feedbackBy = new Date(Date.now() + 20 * DAY).toISOString();
    const transfer = await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr', 'sta'], basis: BASIS, acknowledgeBy, feedbackBy });
    expect(transfer.status).toBe(201);
    transferId = transfer.body.transferId;
    for (const who of [samr, sta]) await eventually(() => inboxItem(who), 10_000, 'inbox item');
  }, 60_000);

  afterAll(() => running?.close());

  it('given a pending transfer, when the clock has not reached acknowledge-by, then a scan records nothing', async () => {
    expect(await scheduler().scan()).toMatchObject({ candidates: 0, recorded: 0 });
    expect((await inboxItem(samr))).toMatchObject({ status: 'pending', overdue: false, supervisionLevel: 0 });
  });

  it('given the clock moved past acknowledge-by, when scanned, then one TransferOverdue per late recipient; a second scan and a restart add nothing', async () => {
    clock.set(new Date(Date.parse(acknowledgeBy) + HOUR));

    const first = await scheduler().scan();
    expect(first).toMatchObject({ candidates: 2, recorded: 2, replayed: 0 });
    const overdue = (await history()).filter((e) => e.type === 'TransferOverdue');
    expect(overdue.map((e) => e.data.recipient).sort()).toEqual(['samr:341300', 'sta:341300']);
    for (const e of overdue) expect(e.data).toMatchObject({ clueId, transferId, deadline: 'acknowledge', dueAt: acknowledgeBy });

    // the recipients' inboxes show it, although by the real time nothing is late yet
    for (const who of [samr, sta]) await eventually(async () => (await inboxItem(who))?.overdue === true, 10_000, 'overdue in the inbox');

    // a second scan: the inbox already says so
    expect(await scheduler().scan()).toMatchObject({ candidates: 0, recorded: 0 });

    // a restart (or a second replica) that finds the inbox behind — the flag not projected yet — issues the very same commands: stored once
    await (running.store as any).sql.query(`UPDATE cluebus_inbox SET overdue_acknowledge = false WHERE transfer_id = $1`, [transferId]);
    const restarted = await scheduler().scan();
    expect(restarted).toMatchObject({ candidates: 2, recorded: 0, replayed: 2 });
    expect((await history()).filter((e) => e.type === 'TransferOverdue')).toHaveLength(2);
    // the projection catches up again (the flag we removed by hand came from the events stored once)
    await (running.store as any).sql.query(`UPDATE cluebus_inbox SET overdue_acknowledge = true WHERE transfer_id = $1`, [transferId]);
  });

  it('runs as a singleton processor: /health lists it active', async () => {
    const health = await nhc.get('/health');
    const overdue = (health.body.processors as any[]).find((p) => String(p.name).startsWith('overdue-'));
    expect(overdue).toMatchObject({ kind: 'singleton', state: 'active', lease: { name: 'overdue-ccdi+mps+nhc+nhsa+samr+sta' } });
  });

  it('given bad supervision input, when posted, then 4xx with code and field, and nothing is stored', async () => {
    const before = (await history()).length;
    const future = new Date(Date.now() + 3 * DAY).toISOString();
    const cases: Array<[string, () => Promise<ApiResponse>, number, string, string]> = [
      ['not the lead unit', () => supervision(samr, { note: '催办', dueBy: future }), 403, 'ONLY_LEAD_UNIT_MAY_SUPERVISE', 'id'],
      ['missing note', () => supervision(nhc, { dueBy: future }), 400, 'VALIDATION_FAILED', 'note'],
      ['blank note', () => supervision(nhc, { note: '   ', dueBy: future }), 422, 'NOTE_REQUIRED', 'note'],
      ['missing dueBy', () => supervision(nhc, { note: '催办' }), 400, 'VALIDATION_FAILED', 'dueBy'],
      ['dueBy not a date-time', () => supervision(nhc, { note: '催办', dueBy: 'next week' }), 400, 'VALIDATION_FAILED', 'dueBy'],
      ['dueBy in the past', () => supervision(nhc, { note: '催办', dueBy: '2020-01-01T00:00:00Z' }), 422, 'DUE_BY_NOT_IN_FUTURE', 'dueBy'],
      ['unknown transfer', () => supervision(nhc, { note: '催办', dueBy: future }, '01937a8e-5c2b-7b1e-9a3f-000000000000'), 404, 'TRANSFER_NOT_FOUND', 'transferId'],
      ['transfer id not a UUID', () => supervision(nhc, { note: '催办', dueBy: future }, 'abc'), 400, 'VALIDATION_FAILED', 'tid'],
    ];
    for (const [name, send, status, code, field] of cases) {
      const res = await send();
      expect({ name, status: res.status, code: res.body?.code, field: res.body?.field }).toEqual({ name, status, code, field });
    }
    expect((await history()).length).toBe(before);
  });

  it('given nhc supervises twice, then samr’s inbox shows levels 1 and 2 and the overdue flag until it answers', async () => {
    const dueBy = new Date(Date.now() + 3 * DAY).toISOString();
    const first = await supervision(nhc, { note: '请于3日内签收', dueBy });
    expect(first.status).toBe(201);
    expect(await eventually(async () => (await inboxItem(samr))?.supervisionLevel === 1 && inboxItem(samr), 10_000, 'level 1')).toMatchObject({
      supervisionLevel: 1,
      supervisionNote: '请于3日内签收',
      overdue: true,
    });

    // sta answers (rejects): the second 督办 presses samr only
    expect((await sta.post(`/v1/clues/${clueId}/transfers/${transferId}/reject`, { reason: '不属于税务管辖' })).status).toBe(200);
    const second = await supervision(nhc, { note: '再次督办：请立即签收', dueBy });
    expect(second.status).toBe(201);
    expect(await eventually(async () => (await inboxItem(samr))?.supervisionLevel === 2 && inboxItem(samr), 10_000, 'level 2')).toMatchObject({
      supervisionLevel: 2,
      supervisionNote: '再次督办：请立即签收',
      overdue: true,
    });
    const issued = (await history()).filter((e) => e.type === 'SupervisionIssued');
    expect(issued.map((e) => [e.data.level, e.data.by, e.data.recipients])).toEqual([
      [1, 'nhc:341300', ['samr:341300', 'sta:341300']],
      [2, 'nhc:341300', ['samr:341300']],
    ]);
    await eventually(async () => (await inboxItem(sta))?.status === 'rejected', 10_000, 'sta rejected');
    expect(await inboxItem(sta)).toMatchObject({ supervisionLevel: 0, overdue: false });

    // samr answers (acknowledges): no longer overdue; the transfer is still open, so the 督办 still shows
    expect((await samr.post(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`)).status).toBe(200);
    expect(await eventually(async () => (await inboxItem(samr))?.status === 'acknowledged' && inboxItem(samr), 10_000, 'acknowledged')).toMatchObject({
      overdue: false,
      supervisionLevel: 2,
    });
  });
});
