import { caseStreamId } from '@cluebus/contracts';
import { CaseIndex } from '@cluebus/service/cases/case-tracks/case-index';
import { CaseTrackOpener } from '@cluebus/service/cases/case-tracks/case-track-opener';
import { CaseTrackReactor } from '@cluebus/service/cases/case-tracks/case-track-reactor';
import { CluebusRuntime } from '@cluebus/service/runtime/cluebus-runtime';
import { CaseReader } from '@cluebus/service/cases/shared/case-reader';
import { ApiClient, eventually, type ApiResponse } from '../support/api-client';
import { startStandalone, type RunningApp, type StoreKind } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';

const NHC = 'nhc:341300';
const NHSA = 'nhsa:341300';
const SAMR = 'samr:341300';
const CCDI = 'ccdi:341300';
const DISTRIBUTOR_USCC = '91330100716105852F';

/** 一案多查 over real HTTP: a hospital director takes kickbacks from a device distributor. */
const directorClue = () =>
  kickbackClue({
    alsoConcerns: [],
    summary: '某医疗器械经销公司以"设备维护费"名义向某医院院长支付回扣',
    subjects: [
      { kind: 'enterprise', name: '某医疗器械经销有限公司', uscc: DISTRIBUTOR_USCC, role: 'briber' },
      { kind: 'official', name: '王某', idNumber: '11010519491231002X', role: 'bribe-taker', position: '某县人民医院院长', isOfficial: true },
    ],
  });

describe.each<StoreKind>(['pglite', 'postgres'])('cases (一案多查) over HTTP on %s', (kind) => {
  let running: RunningApp;
  let nhc: ApiClient;
  let samr: ApiClient;
  let nhsa: ApiClient;
  let ccdi: ApiClient;
  let sta: ApiClient;
  let investigator: ApiClient;

  beforeAll(async () => {
    running = await startStandalone(kind);
    nhc = new ApiClient(running.baseUrl, 'dev-nhc', '王科员');
    samr = nhc.as('dev-samr', '赵调查员');
    nhsa = nhc.as('dev-nhsa');
    ccdi = nhc.as('dev-ccdi');
    sta = nhc.as('dev-sta');
    investigator = nhc.as('dev-investigator');
  }, 60_000);

  afterAll(() => running?.close());

  /** nhc registers the director clue and transfers it to samr, nhsa and ccdi (ccdi required: an official). */
  async function registeredAndTransferred(): Promise<{ clueId: string; transferId: string }> {
    const registered = await nhc.post('/v1/clues', directorClue());
    expect(registered.status).toBe(201);
    const clueId: string = registered.body.clueId;
    const transfer = await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr', 'nhsa', 'ccdi'], basis: BASIS });
    expect({ status: transfer.status, body: transfer.body }).toMatchObject({ status: 201 });
    return { clueId, transferId: transfer.body.transferId };
  }

  const tracksOf = async (caseId: string) => (await nhc.get(`/v1/cases/${caseId}`)).body.tracks as Array<{ department: string; status: string; outcome?: string }>;

  it('given a kickback clue sent to samr, nhsa and ccdi and a case opened by nhc, when each acknowledges and concludes, then the lead concludes only after the last track', async () => {
    // given
    const { clueId, transferId } = await registeredAndTransferred();
    const key = `case-${clueId}`;
    const opening = { title: '某县人民医院院长收受医疗器械回扣案', clueIds: [clueId], basis: BASIS };
    const opened = await nhc.post('/v1/cases', opening, { 'idempotency-key': key });
    expect(opened.status).toBe(201);
    const caseId: string = opened.body.caseId;
    expect(opened.body.events.map((e: any) => e.type)).toEqual(['CaseOpened']);
    const again = await nhc.post('/v1/cases', opening, { 'idempotency-key': key });
    expect({ status: again.status, caseId: again.body.caseId, replayed: again.headers.get('idempotent-replayed') }).toEqual({ status: 201, caseId, replayed: 'true' });
    const reused = await nhc.post('/v1/cases', { ...opening, title: '另一个案件' }, { 'idempotency-key': key });
    expect({ status: reused.status, code: reused.body.code, field: reused.body.field }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });

    const fresh = await nhc.get(`/v1/cases/${caseId}`);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ caseId, lead: NHC, status: 'open', clues: [clueId], tracks: [], openTracks: [], flags: [] });

    // when: each recipient acknowledges (签收) → a track opens for each (the case-track processor)
    for (const who of [samr, nhsa, ccdi]) expect((await who.post(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`)).status).toBe(200);
    await eventually(async () => (await tracksOf(caseId)).length === 3, 10_000, 'three tracks');
    expect(await tracksOf(caseId)).toEqual([
      expect.objectContaining({ department: SAMR, status: 'open' }),
      expect.objectContaining({ department: NHSA, status: 'open' }),
      expect.objectContaining({ department: CCDI, status: 'open' }),
    ]);

    // samr also investigates the clue: still one track for samr
    expect((await samr.post(`/v1/clues/${clueId}/investigation`, { basis: '《反不正当竞争法》第七条' })).status).toBe(200);

    // then: the lead's conclusion is refused, naming the open tracks, until the last one concludes
    const refusal = async (): Promise<ApiResponse> => nhc.post(`/v1/cases/${caseId}/conclusion`, { summary: '各成员单位均已办结' });
    expect((await refusal()).body).toEqual({
      type: 'urn:cluebus:problem:CASE_TRACKS_OPEN',
      title: '仍有部门未办结',
      status: 409,
      detail: '仍有部门未办结（字段：id）',
      instance: `/v1/cases/${caseId}/conclusion`,
      code: 'CASE_TRACKS_OPEN',
      field: 'id',
      openTracks: [SAMR, NHSA, CCDI],
    });

    const conclusions: Array<[ApiClient, string, string, string[]]> = [
      [samr, 'substantiated', '查实回扣 2 万元，已作出行政处罚', [NHSA, CCDI]],
      [nhsa, 'partly-substantiated', '部分属实，已下调该企业招采信用评价', [CCDI]],
    ];
    for (const [who, outcome, summary, stillOpen] of conclusions) {
      expect((await who.post(`/v1/cases/${caseId}/tracks/conclusion`, { outcome, summary })).status).toBe(200);
      const refused = await refusal();
      expect({ status: refused.status, code: refused.body.code, openTracks: refused.body.openTracks }).toEqual({ status: 409, code: 'CASE_TRACKS_OPEN', openTracks: stillOpen });
    }
    // only the lead concludes the case; only a track holder concludes a track, once
    expect((await ccdi.post(`/v1/cases/${caseId}/conclusion`, {})).body.code).toBe('ONLY_LEAD_MAY_CONCLUDE');
    expect((await samr.post(`/v1/cases/${caseId}/tracks/conclusion`, { outcome: 'unsubstantiated', summary: '改判' })).body).toMatchObject({ status: 409, code: 'TRACK_ALREADY_CONCLUDED' });
    expect((await nhc.post(`/v1/cases/${caseId}/tracks/conclusion`, { outcome: 'substantiated', summary: '牵头' })).body).toMatchObject({ status: 409, code: 'ONLY_TRACK_HOLDER_MAY_CONCLUDE_TRACK' });

    expect((await ccdi.post(`/v1/cases/${caseId}/tracks/conclusion`, { outcome: 'handed-over', summary: '已移送监察机关立案调查' })).status).toBe(200);
    const concluded = await refusal();
    expect({ status: concluded.status, types: concluded.body.events?.map((e: any) => e.type) }).toEqual({ status: 200, types: ['CaseConcluded'] });

    // GET shows the tracks, the derived bribery pair (by reference, no names) and the status
    const view = await nhc.get(`/v1/cases/${caseId}`);
    expect(view.body).toMatchObject({
      caseId,
      lead: NHC,
      status: 'concluded',
      clues: [clueId],
      openTracks: [],
      flags: [],
      conclusion: { by: NHC, summary: '各成员单位均已办结' },
    });
    expect(view.body.tracks).toEqual([
      { department: SAMR, status: 'concluded', outcome: 'substantiated', summary: '查实回扣 2 万元，已作出行政处罚', via: 'acknowledged-transfer', clueId },
      { department: NHSA, status: 'concluded', outcome: 'partly-substantiated', summary: '部分属实，已下调该企业招采信用评价', via: 'acknowledged-transfer', clueId },
      { department: CCDI, status: 'concluded', outcome: 'handed-over', summary: '已移送监察机关立案调查', via: 'acknowledged-transfer', clueId },
    ]);
    expect(view.body.briberyPairs).toEqual([
      { briber: `uscc:${DISTRIBUTOR_USCC}`, bribeTaker: expect.stringMatching(/^idt1:[0-9a-f]{64}$/), sources: ['derived'], clueIds: [clueId] },
    ]);
    const text = JSON.stringify(view.body);
    expect(text).not.toContain('王某');
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('某医疗器械经销有限公司');

    // the case's history: one TrackOpened per department, each citing the acknowledgement that opened it; nothing after the conclusion
    const history = await running.store.readStream(caseStreamId(caseId));
    expect(history.map((e) => e.type)).toEqual(['CaseOpened', 'TrackOpened', 'TrackOpened', 'TrackOpened', 'TrackConcluded', 'TrackConcluded', 'TrackConcluded', 'CaseConcluded']);
    const clueHistory = await running.store.readStream(`clue-${clueId}`);
    const acks = new Map(clueHistory.filter((e) => e.type === 'TransferAcknowledged').map((e) => [String(e.data.by), e.eventId]));
    for (const e of history.filter((h) => h.type === 'TrackOpened')) {
      expect(e.data.causationEventId).toBe(acks.get(String(e.data.department)));
      expect(e.metadata).toMatchObject({ department: e.data.department, actor: 'cluebus:case-tracks', correlationId: history[0].metadata.correlationId });
    }
    expect(history[0].metadata).toMatchObject({ department: NHC, actor: '王科员', legalBasis: BASIS });
    expect(JSON.stringify(history)).not.toContain('王某');

    // after the conclusion nothing more is attached, concluded or opened
    expect((await nhc.post(`/v1/cases/${caseId}/conclusion`, {})).body.code).toBe('CASE_ALREADY_CONCLUDED');
  });

  it('given acknowledgements before the case existed, when the case is opened, then their tracks open from the clue history', async () => {
    const { clueId, transferId } = await registeredAndTransferred();
    expect((await samr.post(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`)).status).toBe(200);
    expect((await ccdi.post(`/v1/clues/${clueId}/transfers/${transferId}/reject`, { reason: '不属本机关管辖' })).status).toBe(200);
    const opened = await samr.post('/v1/cases', { title: '回扣案（市场监管牵头）', clueIds: [clueId], basis: BASIS });
    expect(opened.status).toBe(201);
    const caseId: string = opened.body.caseId;
    await eventually(async () => (await samr.get(`/v1/cases/${caseId}`)).body.tracks.length === 1, 10_000, 'samr track');
    expect((await samr.get(`/v1/cases/${caseId}`)).body).toMatchObject({ lead: SAMR, tracks: [{ department: SAMR, status: 'open', via: 'acknowledged-transfer' }] });

    // a later acknowledgement adds its track; the rejecting department gets none
    expect((await nhsa.post(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`)).status).toBe(200);
    await eventually(async () => (await samr.get(`/v1/cases/${caseId}`)).body.tracks.length === 2, 10_000, 'nhsa track');
    expect((await samr.get(`/v1/cases/${caseId}`)).body.openTracks).toEqual([SAMR, NHSA]);
  });

  it('given cases, when departments list and read them, then each sees those it leads, has a track in, or has a clue of; others get 404', async () => {
    const { clueId, transferId } = await registeredAndTransferred();
    const caseId: string = (await nhc.post('/v1/cases', { title: '可见性', clueIds: [clueId], basis: BASIS })).body.caseId;
    expect((await samr.post(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`)).status).toBe(200);
    await eventually(async () => (await tracksOf(caseId)).length === 1, 10_000, 'samr track');

    for (const who of [nhc, samr, nhsa, ccdi, investigator]) {
      expect((await who.get(`/v1/cases/${caseId}`)).status).toBe(200);
      const listed = await eventually(async () => ((await who.get('/v1/cases')).body.cases as any[]).find((c) => c.caseId === caseId), 10_000, 'listed case');
      expect(listed).toMatchObject({ caseId, lead: NHC, status: 'open', clues: 1, openTracks: [SAMR] });
    }
    const hidden = await sta.get(`/v1/cases/${caseId}`);
    expect(hidden.body).toMatchObject({ status: 404, code: 'CASE_NOT_FOUND', field: 'id' });
    const missing = await sta.get('/v1/cases/01937a8e-5c2b-7b1e-9a3f-000000000000');
    expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'CASE_NOT_FOUND' });
    expect(((await sta.get('/v1/cases')).body.cases as any[]).some((c) => c.caseId === caseId)).toBe(false);
    expect((await sta.post(`/v1/cases/${caseId}/conclusion`, {})).body).toMatchObject({ status: 404, code: 'CASE_NOT_FOUND' });
    expect((await investigator.post(`/v1/cases/${caseId}/conclusion`, {})).status).toBe(403);

    // a clue the opener cannot see is refused by its place; attaching one it can see works once
    const samrClue = (await samr.post('/v1/clues', directorClue())).body.clueId as string;
    expect((await nhc.post('/v1/cases', { title: '越权', clueIds: [clueId, samrClue], basis: BASIS })).body).toMatchObject({ status: 422, code: 'CLUE_NOT_FOUND', field: 'clueIds[1]' });
    expect((await nhc.post(`/v1/cases/${caseId}/clues`, { clueId: samrClue })).body).toMatchObject({ status: 422, code: 'CLUE_NOT_FOUND', field: 'clueId' });
    const attached = await samr.post(`/v1/cases/${caseId}/clues`, { clueId: samrClue });
    expect({ status: attached.status, types: attached.body.events.map((e: any) => e.type) }).toEqual({ status: 200, types: ['ClueAttachedToCase'] });
    expect((await samr.post(`/v1/cases/${caseId}/clues`, { clueId: samrClue })).body).toMatchObject({ status: 409, code: 'CLUE_ALREADY_ATTACHED' });
    expect((await nhsa.post(`/v1/cases/${caseId}/clues`, { clueId })).body).toMatchObject({ status: 409, code: 'NOT_A_CASE_PARTICIPANT' });

    // a pair linked by hand, by the references GET lists
    const view = await samr.get(`/v1/cases/${caseId}`);
    const refs = (view.body.subjects as any[]).map((s) => s.ref);
    expect(refs).toEqual([`uscc:${DISTRIBUTOR_USCC}`, expect.stringMatching(/^idt1:/)]);
    const linked = await samr.post(`/v1/cases/${caseId}/bribery-pairs`, { briber: refs[0], bribeTaker: refs[1] });
    expect({ status: linked.status, types: linked.body.events.map((e: any) => e.type) }).toEqual({ status: 200, types: ['BriberyPairLinked'] });
    expect((await samr.get(`/v1/cases/${caseId}`)).body.briberyPairs).toEqual([
      { briber: refs[0], bribeTaker: refs[1], sources: ['derived', 'linked'], clueIds: [clueId, samrClue] },
    ]);
    // nhc was never sent samr's clue: the pair is derived for it from its own clue only
    expect((await nhc.get(`/v1/cases/${caseId}`)).body.briberyPairs).toEqual([
      { briber: refs[0], bribeTaker: refs[1], sources: ['derived', 'linked'], clueIds: [clueId] },
    ]);
  });

  it('given bad input on every case endpoint, when sent, then a 4xx with code and field, and nothing is stored', async () => {
    const { clueId } = await registeredAndTransferred();
    const caseId: string = (await nhc.post('/v1/cases', { title: '坏输入', clueIds: [clueId], basis: BASIS })).body.caseId;
    await eventually(async () => (await nhc.get('/v1/cases')).body.cases.some((c: any) => c.caseId === caseId), 10_000, 'indexed case');
    const head = await running.store.headPosition();
    const bad: Array<[ApiClient, string, object, number, string, string]> = [
      [nhc, '/v1/cases', { clueIds: [clueId], basis: BASIS }, 400, 'VALIDATION_FAILED', 'title'],
      [nhc, '/v1/cases', { title: '案', clueIds: [], basis: BASIS }, 400, 'VALIDATION_FAILED', 'clueIds'],
      [nhc, '/v1/cases', { title: '案', clueIds: ['not-a-uuid'], basis: BASIS }, 400, 'VALIDATION_FAILED', 'clueIds'],
      [nhc, '/v1/cases', { title: '案', clueIds: [clueId, clueId], basis: BASIS }, 400, 'VALIDATION_FAILED', 'clueIds'],
      [nhc, '/v1/cases', { title: '案', clueIds: [clueId] }, 400, 'VALIDATION_FAILED', 'basis'],
      [nhc, '/v1/cases', { title: '   ', clueIds: [clueId], basis: BASIS }, 422, 'TITLE_REQUIRED', 'title'],
      [nhc, '/v1/cases', { title: '案', clueIds: [clueId], basis: BASIS, lead: SAMR }, 400, 'VALIDATION_FAILED', 'lead'],
      [nhc, `/v1/cases/${caseId}/clues`, { clueId: 'x' }, 400, 'VALIDATION_FAILED', 'clueId'],
      [nhc, `/v1/cases/not-a-uuid/clues`, { clueId }, 400, 'VALIDATION_FAILED', 'id'],
      [samr, `/v1/cases/${caseId}/tracks/conclusion`, { outcome: 'unverifiable', summary: '无法查实' }, 400, 'VALIDATION_FAILED', 'outcome'],
      [samr, `/v1/cases/${caseId}/tracks/conclusion`, { outcome: 'substantiated' }, 400, 'VALIDATION_FAILED', 'summary'],
      [nhc, `/v1/cases/${caseId}/conclusion`, { summary: '' }, 400, 'VALIDATION_FAILED', 'summary'],
      [nhc, `/v1/cases/${caseId}/conclusion`, { summary: '  ' }, 422, 'SUMMARY_REQUIRED', 'summary'],
      [nhc, `/v1/cases/${caseId}/bribery-pairs`, { briber: '某医疗器械经销有限公司', bribeTaker: '王某' }, 400, 'VALIDATION_FAILED', 'briber'],
      [nhc, `/v1/cases/${caseId}/bribery-pairs`, { briber: `uscc:${DISTRIBUTOR_USCC}` }, 400, 'VALIDATION_FAILED', 'bribeTaker'],
      [nhc, `/v1/cases/${caseId}/bribery-pairs`, { briber: `uscc:${DISTRIBUTOR_USCC}`, bribeTaker: `uscc:${DISTRIBUTOR_USCC}` }, 422, 'BRIBERY_PAIR_SAME_SUBJECT', 'bribeTaker'],
      [nhc, `/v1/cases/${caseId}/bribery-pairs`, { briber: 'uscc:91341302MA2N0000XX', bribeTaker: `uscc:${DISTRIBUTOR_USCC}` }, 422, 'SUBJECT_NOT_IN_CASE', 'briber'],
      [nhc, `/v1/cases/${caseId}/conclusion`, {}, 400, 'VALIDATION_FAILED', 'Idempotency-Key'],
    ];
    for (const [who, path, body, status, code, field] of bad) {
      const headers: Record<string, string> = field === 'Idempotency-Key' ? { 'idempotency-key': 'not a key' } : {};
      const res = await who.post(path, body, headers);
      expect({ path, body, status: res.status, code: res.body?.code, field: res.body?.field }).toEqual({ path, body, status, code, field });
    }
    expect(await running.store.headPosition()).toBe(head);
  });

  it('given the whole log delivered again (the case-track processor restarted from position 0), when reacted to, then nothing new is stored', async () => {
    // given: the processor has caught up with everything the tests above did
    const head = await running.store.headPosition();
    const runtime = running.app.get(CluebusRuntime);
    const caseTracks = () => runtime.status().find((p) => p.name === 'case-tracks');
    await eventually(async () => (caseTracks()?.detail as { position?: number } | undefined)?.position === head, 10_000, 'case-tracks at the head');
    expect(caseTracks()).toMatchObject({ name: 'case-tracks', kind: 'singleton', state: 'active' });

    // when: every event again, through the real command path (derived ids)
    const opener = running.app.get(CaseTrackOpener);
    const reader = running.app.get(CaseReader);
    const reactor = new CaseTrackReactor({ index: running.app.get(CaseIndex), clueHistory: (id) => reader.readClueHistory(id), openTrack: (r) => opener.openTrack(r) });
    const log = await running.store.readAll();
    for (let i = 0; i < log.length; i += 100) await reactor.react(log.slice(i, i + 100));

    // then
    // each track is asked for once, at its first engagement in log order, and answered from the store; later engagements of a department that holds a track are not asked again
    const tracks = log.filter((e) => e.type === 'TrackOpened').length;
    expect(tracks).toBeGreaterThanOrEqual(6);
    expect(reactor.counts.opened).toBe(0);
    expect(reactor.counts.replayed + (reactor.refusals.TRACK_ALREADY_OPEN ?? 0)).toBe(tracks);
    expect(await running.store.headPosition()).toBe(head);
  });
});
