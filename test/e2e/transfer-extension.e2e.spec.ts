import { OverdueScheduler } from '@cluebus/service';
import { ApiClient, eventually, type ApiResponse } from '../support/api-client';
import { FakeClock } from '../support/fake-clock';
import { startStandalone, type RunningApp } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';

/*
 * 延期 over real HTTP on PostgreSQL, on the fake clock (commands, the inbox and the overdue
 * scheduler all read it). The clock starts on Monday 2026-09-28 in Beijing; the 签收 deadline is
 * Wednesday 30 Sep; 国庆 (1–7 Oct) lies inside any extension of it, and Saturday 10 Oct is a
 * 调休 working day — so 3 working days from 30 Sep end on 10 Oct (calendar days: 3 Oct).
 */
const SAMR = 'samr:341300';
const STA = 'sta:341300';
const MPS = 'mps:341300';
const ACK_BY = '2026-09-30T18:00:00+08:00';
const ACK_BY_UTC = '2026-09-30T10:00:00.000Z';
/** End of Saturday 10 Oct 2026, China time: 8, 9, 10 Oct are the 3 working days after 30 Sep. */
const EXTENDED = '2026-10-10T15:59:59.999Z';

describe('transfer extensions (延期) over HTTP on postgres (fake clock)', () => {
  let running: RunningApp;
  let clock: FakeClock;
  let nhc: ApiClient;
  let samr: ApiClient;
  let sta: ApiClient;
  let mps: ApiClient;
  let clueId: string;
  let transferId: string;

  type StoredEvent = { type: string; data: any };
  const history = async () => (await nhc.get(`/v1/clues/${clueId}/history`)).body.events as StoredEvent[];
  const ofType = async (type: string) => (await history()).filter((e) => e.type === type);
  const inboxItem = async (who: ApiClient) => (await who.get('/v1/inbox')).body.items.find((i: any) => i.transferId === transferId);
  const until = (who: ApiClient, what: string, check: (item: any) => boolean) =>
    eventually(async () => {
      const item = await inboxItem(who);
      return item && check(item) ? item : undefined;
    }, 10_000, what);
  const scheduler = () => running.app.get(OverdueScheduler);
  /**
   * The projected TransferOverdue flag of a recipient's row. Not the inbox's `overdue`: that also
   * compares the deadline with the host's real time (December 2026 here, past every deadline of
   * this test), while the scheduler and the commands run on the fake clock.
   */
  const overdueFlag = async (department: string): Promise<boolean | undefined> =>
    (await (running.store as any).sql.query(`SELECT overdue_acknowledge FROM cluebus_inbox WHERE department = $1 AND transfer_id = $2`, [department, transferId])).rows[0]?.overdue_acknowledge;
  const untilFlag = (department: string, value: boolean) => eventually(async () => (await overdueFlag(department)) === value, 10_000, `${department} overdue flag ${value}`);
  const path = (suffix = '', tid = transferId) => `/v1/clues/${clueId}/transfers/${tid}/extension${suffix}`;
  const request = (who: ApiClient, body: unknown, headers?: Record<string, string>, tid?: string) => who.post(path('', tid), body, headers);
  const grant = (body?: unknown, who = nhc, tid?: string) => who.post(path('/grant', tid), body);
  const deny = (body: unknown, who = nhc) => who.post(path('/deny'), body);

  beforeAll(async () => {
    clock = new FakeClock(new Date('2026-09-28T10:00:00+08:00'));
    // A long scan interval: only the scans this test runs record anything.
    running = await startStandalone('postgres', { CLUEBUS_OVERDUE_SCAN_SECONDS: '3600' }, { clock });
    nhc = new ApiClient(running.baseUrl, 'dev-nhc', '王科员');
    samr = nhc.as('dev-samr', '赵调查员');
    sta = nhc.as('dev-sta');
    mps = nhc.as('dev-mps');

    const registered = await nhc.post('/v1/clues', kickbackClue());
    expect(registered.status).toBe(201);
    clueId = registered.body.clueId;
    const transfer = await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr', 'sta', 'mps'], basis: BASIS, acknowledgeBy: ACK_BY, feedbackBy: '2026-11-30T18:00:00+08:00' });
    expect(transfer.status).toBe(201);
    transferId = transfer.body.transferId;
    for (const who of [samr, sta, mps]) await until(who, 'inbox item', () => true);
  }, 60_000);

  afterAll(() => running?.close());

  it('given bad input or the wrong department, when posted, then 4xx with code and field, and nothing is stored', async () => {
    const before = await running.store.headPosition();
    const cases: Array<[string, () => Promise<ApiResponse>, number, string, string]> = [
      ['days missing', () => request(samr, { reason: '需调取外地证据' }), 400, 'VALIDATION_FAILED', 'days'],
      ['days not a whole number', () => request(samr, { days: 1.5, reason: '需调取外地证据' }), 400, 'VALIDATION_FAILED', 'days'],
      ['days as text', () => request(samr, { days: '3', reason: '需调取外地证据' }), 400, 'VALIDATION_FAILED', 'days'],
      ['days zero', () => request(samr, { days: 0, reason: '需调取外地证据' }), 400, 'VALIDATION_FAILED', 'days'],
      ['days over the cap', () => request(samr, { days: 31, reason: '需调取外地证据' }), 422, 'EXTENSION_DAYS_OUT_OF_RANGE', 'days'],
      ['reason missing', () => request(samr, { days: 3 }), 400, 'VALIDATION_FAILED', 'reason'],
      ['blank reason', () => request(samr, { days: 3, reason: '   ' }), 422, 'REASON_REQUIRED', 'reason'],
      ['unknown property', () => request(samr, { days: 3, reason: 'x', urgent: true }), 400, 'VALIDATION_FAILED', 'urgent'],
      ['a JSON array for a body', () => samr.request('POST', path(), '[]'), 400, 'VALIDATION_FAILED', ''],
      ['transfer id not a UUID', () => request(samr, { days: 3, reason: 'x' }, undefined, 'abc'), 400, 'VALIDATION_FAILED', 'tid'],
      ['unknown transfer', () => request(samr, { days: 3, reason: 'x' }, undefined, '01937a8e-5c2b-7b1e-9a3f-000000000000'), 404, 'TRANSFER_NOT_FOUND', 'transferId'],
      ['the sender asks', () => request(nhc, { days: 3, reason: 'x' }), 403, 'ONLY_RECIPIENT_MAY_REQUEST_EXTENSION', 'id'],
      ['a department the clue was not sent to', () => request(nhc.as('dev-ccdi'), { days: 3, reason: 'x' }), 404, 'CLUE_NOT_FOUND', 'id'],
      ['bad Idempotency-Key', () => request(samr, { days: 3, reason: 'x' }, { 'idempotency-key': ' ' }), 400, 'VALIDATION_FAILED', 'Idempotency-Key'],
      ['grant with nothing asked', () => grant(), 409, 'NO_OPEN_EXTENSION_REQUEST', 'id'],
      ['grant by a recipient', () => grant({}, samr), 403, 'ONLY_SENDER_MAY_DECIDE_EXTENSION', 'id'],
      ['grant naming no department', () => grant({ recipient: 'police' }), 400, 'VALIDATION_FAILED', 'recipient'],
      ['grant naming a department not on the transfer', () => grant({ recipient: 'nhsa' }), 422, 'RECIPIENT_NOT_ON_TRANSFER', 'recipient'],
      ['grant on an unknown transfer', () => grant({}, nhc, '01937a8e-5c2b-7b1e-9a3f-000000000000'), 404, 'TRANSFER_NOT_FOUND', 'transferId'],
      ['deny without reason', () => deny({ recipient: 'samr' }), 400, 'VALIDATION_FAILED', 'reason'],
      ['deny with nothing asked', () => deny({ recipient: 'samr', reason: '不予延期' }), 409, 'NO_OPEN_EXTENSION_REQUEST', 'id'],
    ];
    for (const [name, send, status, code, field] of cases) {
      const res = await send();
      expect({ name, status: res.status, code: res.body?.code }).toEqual({ name, status, code });
      if (field) expect({ name, field: res.body.field }).toEqual({ name, field });
    }
    expect(await running.store.headPosition()).toBe(before);
  });

  it('given samr asks for 3 working days, then the request reaches nhc’s view of the clue and samr’s inbox; a retry with the Idempotency-Key stores nothing new; a second request is refused', async () => {
    const asked = await request(samr, { days: 3, reason: '需调取外地证据' }, { 'idempotency-key': 'ext-samr-1' });
    expect(asked.status).toBe(201);
    const retry = await request(samr, { days: 3, reason: '需调取外地证据' }, { 'idempotency-key': 'ext-samr-1' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.commandId).toBe(asked.body.commandId);

    const requested = await ofType('TransferExtensionRequested');
    expect(requested.map((e) => e.data)).toEqual([
      { clueId, transferId, by: SAMR, to: 'nhc:341300', deadline: 'acknowledge', days: 3, reason: '需调取外地证据', currentDueAt: ACK_BY_UTC },
    ]);

    const again = await request(samr, { days: 5, reason: '再次申请' });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'EXTENSION_ALREADY_REQUESTED' });

    // The sender decides from its view of the clue: the open request is listed under the recipient.
    const clue = (await nhc.get(`/v1/clues/${clueId}`)).body;
    expect(clue.transfers[transferId].recipients[SAMR].extension).toEqual({ status: 'requested', deadline: 'acknowledge', days: 3, reason: '需调取外地证据', requestedDueAt: ACK_BY_UTC });
    expect(await until(samr, 'request in the inbox', (i) => i.extension?.status === 'requested')).toMatchObject({
      acknowledgeBy: ACK_BY_UTC,
      extension: { status: 'requested', deadline: 'acknowledge', days: 3 },
    });
  });

  it('given two open requests, when nhc grants without naming one, then it must say which; granting samr’s moves samr’s deadline across 国庆 to 10 Oct, and denying mps’s keeps mps’s', async () => {
    expect((await request(mps, { days: 2, reason: '人手不足' })).status).toBe(201);
    const before = await running.store.headPosition();
    const ambiguous = await grant();
    expect({ status: ambiguous.status, code: ambiguous.body.code, field: ambiguous.body.field }).toEqual({ status: 422, code: 'AMBIGUOUS_EXTENSION_REQUEST', field: 'recipient' });
    expect(await running.store.headPosition()).toBe(before);

    const granted = await grant({ recipient: 'samr' });
    expect(granted.status).toBe(200);
    expect((await ofType('TransferExtensionGranted')).map((e) => e.data)).toEqual([
      { clueId, transferId, by: 'nhc:341300', recipient: SAMR, deadline: 'acknowledge', days: 3, previousDueAt: ACK_BY_UTC, dueAt: EXTENDED },
    ]);
    // mps's is now the only open one: recipient may be omitted.
    const denied = await deny({ reason: '线索紧急，不予延期' });
    expect(denied.status).toBe(200);
    expect((await ofType('TransferExtensionDenied')).map((e) => e.data)).toEqual([
      { clueId, transferId, by: 'nhc:341300', recipient: MPS, deadline: 'acknowledge', reason: '线索紧急，不予延期' },
    ]);

    expect(await until(samr, 'granted in the inbox', (i) => i.extension?.status === 'granted')).toMatchObject({
      acknowledgeBy: EXTENDED,
      extension: { status: 'granted', deadline: 'acknowledge', days: 3, dueAt: EXTENDED },
    });
    expect(await until(mps, 'denied in the inbox', (i) => i.extension?.status === 'denied')).toMatchObject({
      acknowledgeBy: ACK_BY_UTC,
      extension: { status: 'denied', deadline: 'acknowledge', days: 2, denialReason: '线索紧急，不予延期' },
    });
    expect((await inboxItem(sta)).acknowledgeBy).toBe(ACK_BY_UTC);
    const clue = (await nhc.get(`/v1/clues/${clueId}`)).body;
    expect(clue.transfers[transferId].acknowledgeBy).toBe(ACK_BY_UTC);
    expect(clue.transfers[transferId].recipients[SAMR].acknowledgeBy).toBe(EXTENDED);
  });

  it('given the clock past the old deadline, when scanned, then samr (extended) is not overdue while sta and mps (denied) are, once each', async () => {
    clock.set('2026-10-01T10:00:00+08:00');
    expect(await scheduler().scan()).toMatchObject({ candidates: 2, recorded: 2, replayed: 0 });
    const overdue = await ofType('TransferOverdue');
    expect(overdue.map((e) => [e.data.recipient, e.data.dueAt]).sort()).toEqual([
      [MPS, ACK_BY_UTC],
      [STA, ACK_BY_UTC],
    ]);
    await untilFlag(STA, true);
    await untilFlag(MPS, true);
    expect(await overdueFlag(SAMR)).toBe(false);
    expect((await inboxItem(samr)).acknowledgeBy).toBe(EXTENDED);
    expect(await scheduler().scan()).toMatchObject({ candidates: 0, recorded: 0 });
  });

  it('given sta already recorded overdue, when it asks and nhc grants, then its overdue flag clears and a scan finds nothing until the new deadline', async () => {
    expect((await request(sta, { days: 3, reason: '节后补办签收' })).status).toBe(201);
    const granted = await grant({});
    expect(granted.status).toBe(200);
    expect(granted.body.events.map((e: { type: string }) => e.type)).toEqual(['TransferExtensionGranted']);
    expect((await ofType('TransferExtensionGranted')).map((e) => [e.data.recipient, e.data.dueAt])).toEqual([
      [SAMR, EXTENDED],
      [STA, EXTENDED],
    ]);
    expect(await until(sta, 'sta extended', (i) => i.acknowledgeBy === EXTENDED)).toMatchObject({ extension: { status: 'granted', dueAt: EXTENDED } });
    // The miss of 30 Sep no longer stands: the deadline it was a miss of was replaced.
    expect(await overdueFlag(STA)).toBe(false);
    expect(await scheduler().scan()).toMatchObject({ candidates: 0, recorded: 0 });
  });

  it('given the clock past the extended deadline, when scanned twice and after a restart, then each extended deadline is recorded missed exactly once', async () => {
    clock.set('2026-10-11T09:00:00+08:00');
    expect(await scheduler().scan()).toMatchObject({ candidates: 2, recorded: 2, replayed: 0 });
    // Once the inbox shows them (projected), a second scan finds nothing.
    await untilFlag(SAMR, true);
    await untilFlag(STA, true);
    expect(await scheduler().scan()).toMatchObject({ candidates: 0, recorded: 0 });

    const overdue = (await ofType('TransferOverdue')).map((e) => [e.data.recipient, e.data.dueAt]);
    expect(overdue.sort()).toEqual([
      [MPS, ACK_BY_UTC],
      [SAMR, EXTENDED],
      [STA, ACK_BY_UTC],
      [STA, EXTENDED],
    ]);

    // A restart (or replica) that finds the inbox behind issues the very same commands — ids derived with the due date: replayed, not stored again.
    const sql = (running.store as any).sql;
    await sql.query(`UPDATE cluebus_inbox SET overdue_acknowledge = false WHERE transfer_id = $1 AND department IN ($2, $3)`, [transferId, SAMR, STA]);
    expect(await scheduler().scan()).toMatchObject({ candidates: 2, recorded: 0, replayed: 2 });
    expect(await ofType('TransferOverdue')).toHaveLength(4);
    await sql.query(`UPDATE cluebus_inbox SET overdue_acknowledge = true WHERE transfer_id = $1 AND department IN ($2, $3)`, [transferId, SAMR, STA]);
  });

  it('given samr acknowledges, then its 反馈 deadline is the open one: an extension of it moves feedback-by, and a request after feedback is refused', async () => {
    expect((await samr.post(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`)).status).toBe(200);
    expect((await request(samr, { days: 5, reason: '需补充调查' })).status).toBe(201);
    const asked = (await ofType('TransferExtensionRequested')).filter((e) => e.data.by === SAMR).at(-1)!;
    expect(asked.data).toMatchObject({ deadline: 'feedback', days: 5, currentDueAt: '2026-11-30T10:00:00.000Z' });
    expect((await grant({ recipient: 'samr:341300' })).status).toBe(200);
    // Mon 30 Nov + 5 working days: 1, 2, 3, 4, 7 Dec.
    expect(await until(samr, 'feedback extended', (i) => i.feedbackBy === '2026-12-07T15:59:59.999Z')).toMatchObject({
      status: 'acknowledged',
      extension: { status: 'granted', deadline: 'feedback', days: 5 },
    });

    for (const step of [
      ['investigation', { basis: '反不正当竞争法第七条' }],
      ['findings', { result: 'unsubstantiated', summary: '未查实' }],
      ['feedback', { summary: '经查未发现回扣' }],
    ] as const) {
      expect((await samr.post(`/v1/clues/${clueId}/${step[0]}`, step[1])).status).toBe(200);
    }
    const late = await request(samr, { days: 1, reason: 'x' });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'EXTENSION_NEEDS_OPEN_DEADLINE' });
  });
});
