import { ApiClient, eventually } from '../support/api-client';
import { startStandalone, type RunningApp, type StoreKind } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';

describe.each<StoreKind>(['pglite', 'postgres'])('clue lifecycle over HTTP on %s', (kind) => {
  let running: RunningApp;
  let nhc: ApiClient;
  let samr: ApiClient;
  let sta: ApiClient;

  beforeAll(async () => {
    running = await startStandalone(kind);
    nhc = new ApiClient(running.baseUrl, 'dev-nhc', '王科员');
    samr = nhc.as('dev-samr', '赵调查员');
    sta = nhc.as('dev-sta');
  }, 60_000);

  afterAll(() => running?.close());

  it('given a clue registered by nhc and sent to samr and sta, when samr investigates to feedback and sta rejects, then the history has every event in order', async () => {
    // given
    const registered = await nhc.post('/v1/clues', kickbackClue());
    expect(registered.status).toBe(201);
    const clueId: string = registered.body.clueId;
    const routing = await nhc.get(`/v1/clues/${clueId}/routing`);
    expect(routing.status).toBe(200);
    expect(routing.body.suggestions.map((s: any) => s.recipient)).toEqual(expect.arrayContaining(['samr:341300', 'sta:341300']));
    const transfer = await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr', 'sta:341300'], basis: BASIS });
    expect(transfer.status).toBe(201);
    const transferId: string = transfer.body.transferId;
    expect(Object.keys((await nhc.get(`/v1/clues/${clueId}`)).body.transfers)).toEqual([transferId]);

    // the transfer reaches both recipients' inboxes (relay → bus → inbox projection)
    for (const who of [samr, sta]) {
      const item = await eventually(async () => (await who.get('/v1/inbox')).body.items.find((i: any) => i.clueId === clueId), 10_000, 'inbox item');
      expect(item).toMatchObject({ transferId, from: 'nhc:341300', status: 'pending', basis: BASIS, overdue: false });
    }

    // when
    const steps: Array<[ApiClient, string, object, number]> = [
      [samr, `/v1/clues/${clueId}/transfers/${transferId}/acknowledge`, {}, 200],
      [sta, `/v1/clues/${clueId}/transfers/${transferId}/reject`, { reason: '不属于税务管辖：未发现发票问题线索' }, 200],
      [samr, `/v1/clues/${clueId}/investigation`, { basis: '《反不正当竞争法》第七条' }, 200],
      [samr, `/v1/clues/${clueId}/findings`, { result: 'substantiated', summary: '查实回扣 2 万元' }, 200],
      [samr, `/v1/clues/${clueId}/dispositions`, { measures: [{ kind: 'administrative-penalty', detail: '没收违法所得并罚款 20 万元', basis: '《反不正当竞争法》第十九条' }] }, 200],
      [samr, `/v1/clues/${clueId}/feedback`, { summary: '已查实并作出行政处罚' }, 200],
    ];
    for (const [client, path, body, status] of steps) {
      const res = await client.post(path, body);
      expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status });
    }

    // then
    const history = await nhc.get(`/v1/clues/${clueId}/history`);
    expect(history.status).toBe(200);
    const events = history.body.events;
    expect(events.map((e: any) => e.type)).toEqual([
      'ClueRegistered',
      'ClueTransferred',
      'TransferAcknowledged',
      'TransferRejected',
      'InvestigationOpened',
      'FindingRecorded',
      'DispositionDecided',
      'FeedbackSent',
    ]);
    expect(events.map((e: any) => e.streamPosition)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(events.map((e: any) => e.metadata.department)).toEqual([
      'nhc:341300', 'nhc:341300', 'samr:341300', 'sta:341300', 'samr:341300', 'samr:341300', 'samr:341300', 'samr:341300',
    ]);
    for (const e of events) {
      expect(e.metadata.actor).toEqual(expect.any(String));
      expect(Date.parse(e.metadata.occurredAt)).not.toBeNaN();
      expect(e.metadata.causationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(events[0].metadata.actor).toBe('王科员');
    expect(events[2].metadata.actor).toBe('赵调查员');
    expect(events[3].data.reason).toBe('不属于税务管辖：未发现发票问题线索');
    expect(events[7].data).toMatchObject({ to: 'nhc:341300', transferId });
    // personal ID numbers never reach an event
    expect(JSON.stringify(events)).not.toContain('11010519491231002X');
    expect(events[0].data.subjects[1].idToken).toMatch(/^idt1:[0-9a-f]{64}$/);

    // the registrar sees the whistleblower; a recipient does not
    expect((await nhc.get(`/v1/clues/${clueId}/history`)).body.events[0].data.reporter).toMatchObject({ name: '李某' });
    const seenBySamr = (await samr.get(`/v1/clues/${clueId}/history`)).body.events[0].data;
    expect(seenBySamr.reporter).toBeUndefined();
    expect(seenBySamr.reporterWithheld).toBe(true);

    // samr's inbox shows the transfer answered; sta's shows it rejected
    await eventually(async () => (await samr.get('/v1/inbox')).body.items.find((i: any) => i.clueId === clueId && i.status === 'answered'), 10_000, 'samr answered');
    await eventually(async () => (await sta.get('/v1/inbox')).body.items.find((i: any) => i.clueId === clueId && i.status === 'rejected'), 10_000, 'sta rejected');
  });

  it('given a clue as it was before the transfer, when read with asOf, then the later events are not there', async () => {
    const { body } = await nhc.post('/v1/clues', kickbackClue());
    const before = new Date(Date.now() + 1).toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await nhc.post(`/v1/clues/${body.clueId}/transfers`, { to: ['samr'], basis: BASIS });
    const asOf = await nhc.get(`/v1/clues/${body.clueId}/history?asOf=${encodeURIComponent(before)}`);
    expect(asOf.body.events.map((e: any) => e.type)).toEqual(['ClueRegistered']);
    const now = await nhc.get(`/v1/clues/${body.clueId}/history`);
    expect(now.body.events.map((e: any) => e.type)).toEqual(['ClueRegistered', 'ClueTransferred']);
  });

  it('given samr acknowledged a transfer, when it forwards the clue to mps (转办), then mps receives it with the chain of custody', async () => {
    const mps = nhc.as('dev-mps');
    const { clueId } = (await nhc.post('/v1/clues', kickbackClue())).body;
    const { transferId } = (await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr'], basis: BASIS })).body;
    expect((await mps.get(`/v1/clues/${clueId}`)).status).toBe(404);

    await samr.post(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`);
    const forward = await samr.post(`/v1/clues/${clueId}/forward`, { to: ['mps'], basis: '涉嫌犯罪，依法移送公安' });
    expect(forward.status).toBe(201);

    const item = await eventually(async () => (await mps.get('/v1/inbox')).body.items.find((i: any) => i.clueId === clueId), 10_000, 'mps inbox');
    expect(item).toMatchObject({ transferId: forward.body.transferId, from: 'samr:341300', viaTransferId: transferId, status: 'pending' });
    const seen = await mps.get(`/v1/clues/${clueId}/history`);
    expect(seen.status).toBe(200);
    expect(seen.body.events.at(-1)).toMatchObject({ type: 'ClueForwarded', data: { viaTransferId: transferId, from: 'samr:341300', to: ['mps:341300'] } });
  });
});
