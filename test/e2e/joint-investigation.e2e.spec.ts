/**
 * 一案多查 and 行贿受贿一起查 in the production shape (issue #12, acceptance 1 and 2): the six
 * department services and the read side as their own processes over Kafka and one PostgreSQL
 * store, real HTTP. The one-sided bribery check needs time to pass (a window of working days):
 * it runs in a department service started in this test process with a fake clock — on the same
 * store and broker as the others — and is restarted to show the flag is recorded once.
 */
import type { INestApplication } from '@nestjs/common';
import { CN_WORKING_DAYS } from '@cluebus/domain';
import { createCluebusApp, loadCluebusConfig } from '@cluebus/service';
import { OneSidedBriberyScheduler, type OneSidedBriberyScan } from '@cluebus/service/cases/one-sided-bribery/one-sided-bribery.scheduler';
import { ApiClient, eventually } from '../support/api-client';
import { clusterOnFreshDatabase } from '../support/cluster-fixture';
import { FakeClock } from '../support/fake-clock';
import { BASIS, kickbackClue } from '../fixtures/clues';

jest.setTimeout(240_000);

const NHC = 'nhc:341300';
const SAMR = 'samr:341300';
const NHSA = 'nhsa:341300';
const CCDI = 'ccdi:341300';

/** A hospital director takes kickbacks from a device distributor (a party member: ccdi is required). */
const directorClue = (uscc: string, idNumber: string) =>
  kickbackClue({
    alsoConcerns: [],
    summary: '某医疗器械经销公司以"设备维护费"名义向某县人民医院院长支付回扣',
    subjects: [
      { kind: 'enterprise', name: '某医疗器械经销有限公司', uscc, role: 'briber' },
      { kind: 'official', name: '王某', idNumber, role: 'bribe-taker', position: '某县人民医院院长', isOfficial: true },
    ],
  });

describe('cases across department processes over Kafka (一案多查, 行贿受贿一起查)', () => {
  const ctx = clusterOnFreshDatabase('cluebus_joint');
  const client = (code: 'nhc' | 'samr' | 'nhsa' | 'ccdi') => ctx.cluster.client(code, `${code}-clerk`);

  async function registerAndTransfer(clue: object, to: string[]): Promise<{ clueId: string; transferId: string }> {
    const nhc = client('nhc');
    const registered = await nhc.post('/v1/clues', clue);
    expect(registered.status).toBe(201);
    const clueId: string = registered.body.clueId;
    const transfer = await nhc.post(`/v1/clues/${clueId}/transfers`, { to, basis: BASIS });
    expect({ status: transfer.status, code: transfer.body.code }).toEqual({ status: 201, code: undefined });
    return { clueId, transferId: transfer.body.transferId };
  }

  async function openCase(clueId: string, title: string): Promise<string> {
    const opened = await client('nhc').post('/v1/cases', { title, clueIds: [clueId], basis: BASIS }, { 'idempotency-key': `case-${clueId}` });
    expect(opened.status).toBe(201);
    return opened.body.caseId;
  }

  /** Waits for the recipient's own process to show the transfer (relay → Kafka → its inbox consumer), then acknowledges it. */
  async function acknowledge(code: 'samr' | 'nhsa' | 'ccdi', clueId: string, transferId: string) {
    await eventually(async () => ((await client(code).get('/v1/inbox')).body.items as Array<{ transferId: string }>).some((i) => i.transferId === transferId), 30_000, `${code} inbox`);
    expect((await client(code).post(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`)).status).toBe(200);
  }

  const tracksOf = async (caseId: string) => (await client('nhc').get(`/v1/cases/${caseId}`)).body.tracks as Array<{ department: string; status: string }>;

  it('acceptance 1: given the director clue, when nhc transfers it as the policy says and every recipient acknowledges, investigates and concludes, then the lead concludes only after the last track', async () => {
    // given: the policy requires ccdi (a party member) and proposes samr and nhsa
    const nhc = client('nhc');
    const registered = await nhc.post('/v1/clues', directorClue('91330100716105852F', '11010519491231002X'));
    const clueId: string = registered.body.clueId;
    const routing = (await nhc.get(`/v1/clues/${clueId}/routing`)).body.suggestions as Array<{ recipient: string; required: boolean }>;
    expect(routing.find((s) => s.recipient === CCDI)).toMatchObject({ required: true });
    expect(routing.map((s) => s.recipient)).toEqual(expect.arrayContaining([SAMR, NHSA]));
    const refused = await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr', 'nhsa'], basis: BASIS });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'REQUIRED_RECIPIENT_MISSING' });
    const transfer = await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr', 'nhsa', 'ccdi'], basis: BASIS });
    expect(transfer.status).toBe(201);
    const transferId: string = transfer.body.transferId;
    const caseId = await openCase(clueId, '某县人民医院院长收受医疗器械回扣案');

    // when: each recipient, at its own process, acknowledges → a track opens for each
    for (const code of ['samr', 'nhsa', 'ccdi'] as const) await acknowledge(code, clueId, transferId);
    await eventually(async () => (await tracksOf(caseId)).length === 3, 30_000, 'three tracks');
    expect((await tracksOf(caseId)).map((t) => [t.department, t.status]).sort()).toEqual([
      [CCDI, 'open'],
      [NHSA, 'open'],
      [SAMR, 'open'],
    ]);

    // each investigates and records its finding, then concludes its track; the lead is refused until the last
    const conclude = () => nhc.post(`/v1/cases/${caseId}/conclusion`, { summary: '各成员单位均已办结' });
    const steps: Array<['samr' | 'nhsa' | 'ccdi', string, string]> = [
      ['samr', 'substantiated', '查实回扣 2 万元，已作出行政处罚'],
      ['nhsa', 'partly-substantiated', '部分属实，已下调该企业医药价格和招采信用评价'],
      ['ccdi', 'handed-over', '已移送监察机关立案调查'],
    ];
    for (const [i, [code, outcome, summary]] of steps.entries()) {
      const who = client(code);
      expect((await who.post(`/v1/clues/${clueId}/investigation`, { basis: BASIS })).status).toBe(200);
      expect((await who.post(`/v1/clues/${clueId}/findings`, { result: outcome === 'handed-over' ? 'substantiated' : outcome, summary })).status).toBe(200);
      const before = await conclude();
      expect({ status: before.status, code: before.body.code, open: [...before.body.openTracks].sort() }).toEqual({
        status: 409,
        code: 'CASE_TRACKS_OPEN',
        open: steps.slice(i).map(([c]) => `${c}:341300`).sort(),
      });
      expect((await who.post(`/v1/cases/${caseId}/tracks/conclusion`, { outcome, summary })).status).toBe(200);
    }

    // then
    const concluded = await conclude();
    expect({ status: concluded.status, types: concluded.body.events.map((e: { type: string }) => e.type) }).toEqual({ status: 200, types: ['CaseConcluded'] });
    const view = (await nhc.get(`/v1/cases/${caseId}`)).body;
    expect(view).toMatchObject({ status: 'concluded', openTracks: [], flags: [] });
    expect(view.tracks.map((t: { department: string; outcome: string }) => [t.department, t.outcome]).sort()).toEqual([
      [CCDI, 'handed-over'],
      [NHSA, 'partly-substantiated'],
      [SAMR, 'substantiated'],
    ]);
  });

  describe('acceptance 2: a one-sided bribery finding', () => {
    const clock = new FakeClock();
    let checker: INestApplication | undefined;

    /** A ccdi department service in this process, with the fake clock, on the cluster's store and broker (as a restart of the scheduler's host). */
    async function startChecker(): Promise<OneSidedBriberyScheduler> {
      const config = loadCluebusConfig({
        ...ctx.cluster.env,
        CLUEBUS_DEPARTMENTS: 'ccdi',
        CLUEBUS_RELAY: 'false',
        CLUEBUS_API_KEYS: `${ctx.cluster.keys.ccdi}=${CCDI}`,
        // Its own timer stays out of the way: the test scans by hand.
        CLUEBUS_BRIBERY_SCAN_SECONDS: '3600',
        PORT: '0',
      });
      checker = await createCluebusApp(config, false, { clock });
      await checker.init();
      return checker.get(OneSidedBriberyScheduler);
    }

    afterAll(async () => {
      await checker?.close();
    });

    it('given a substantiated finding against the distributor and nobody pursuing the director, when the window passes, then OneSidedBriberyFlagged once and ccdi sees it in its inbox once, across a restart', async () => {
      // given: samr investigates the distributor only and finds it substantiated; ccdi has not acknowledged
      const { clueId, transferId } = await registerAndTransfer(directorClue('91340100MA2RT0001R', '110105198001010016'), ['samr', 'ccdi']);
      const caseId = await openCase(clueId, '某县医院院长受贿案（一方查实）');
      await acknowledge('samr', clueId, transferId);
      const samr = client('samr');
      const distributor = 'uscc:91340100MA2RT0001R';
      const director: string = ((await client('nhc').get(`/v1/cases/${caseId}`)).body.briberyPairs as Array<{ briber: string; bribeTaker: string }>)[0].bribeTaker;
      expect((await samr.post(`/v1/clues/${clueId}/investigation`, { basis: BASIS, subjects: [distributor] })).status).toBe(200);
      const stranger = await samr.post(`/v1/clues/${clueId}/findings`, { result: 'substantiated', summary: '查实', subjects: ['uscc:91110000100000000R'] });
      expect({ status: stranger.status, code: stranger.body.code, field: stranger.body.field }).toEqual({ status: 422, code: 'SUBJECT_NOT_IN_CLUE', field: 'subjects[0]' });
      const finding = await samr.post(`/v1/clues/${clueId}/findings`, { result: 'substantiated', summary: '查实该公司支付回扣', subjects: [distributor] });
      expect(finding.status).toBe(200);
      const findingEventId: string = finding.body.events[0].eventId;

      // when: the check runs just inside the window → nothing; just past it → the flag
      let scheduler = await startChecker();
      const stored = await ctx.pg.query(`SELECT metadata->>'occurredAt' AS at FROM cluebus_events WHERE event_id = $1`, [findingEventId]);
      const foundAt = new Date(stored.rows[0].at);
      const windowEnd = CN_WORKING_DAYS.addDays(foundAt, scheduler.windowWorkingDays);
      clock.set(new Date(windowEnd.getTime() - 3_600_000));
      const inside = await eventually(async () => {
        const scan = await scheduler.scan();
        return scan.waiting > 0 && scan; // once the case-track processor has put the case on the watch list
      }, 30_000, 'the case watched');
      expect(inside).toMatchObject({ flagged: 0, waiting: 1 });

      clock.set(new Date(windowEnd.getTime() + 60_000));
      const past: OneSidedBriberyScan = await scheduler.scan();
      expect(past).toMatchObject({ flagged: 1, replayed: 0, waiting: 0, refused: {} });
      expect(await scheduler.scan()).toMatchObject({ flagged: 0, waiting: 0 });
      await checker!.close();
      scheduler = await startChecker();
      expect(await scheduler.scan()).toMatchObject({ flagged: 0, replayed: 0, waiting: 0 });

      // then: the flag on the case, once, citing the finding, handed to ccdi
      const flagged = await ctx.pg.query(`SELECT data FROM cluebus_events WHERE type = 'OneSidedBriberyFlagged' AND stream_id = $1`, [`case-${caseId}`]);
      expect(flagged.rows.map((r) => r.data)).toEqual([
        expect.objectContaining({ caseId, briber: distributor, bribeTaker: director, substantiatedSide: 'briber', findingEventIds: [findingEventId], recipient: CCDI }),
      ]);
      const ccdi = client('ccdi');
      const notices = await eventually(async () => {
        const found = (await ccdi.get('/v1/inbox')).body.notices as Array<{ caseId: string }>;
        return found.some((n) => n.caseId === caseId) && found;
      }, 30_000, 'the notice in ccdi inbox');
      expect(notices.filter((n) => n.caseId === caseId)).toEqual([
        expect.objectContaining({ kind: 'one-sided-bribery', caseId, briber: distributor, bribeTaker: director, findingEventIds: [findingEventId], clueIds: [clueId] }),
      ]);
      const view = (await ccdi.get(`/v1/cases/${caseId}`)).body;
      expect(view.flags).toEqual([expect.objectContaining({ kind: 'one-sided-bribery', briber: distributor, bribeTaker: director, recipient: CCDI })]);
      // The first case's findings name no subjects (against both sides): it is never flagged.
      const all = await ctx.pg.query(`SELECT count(*)::int AS n FROM cluebus_events WHERE type = 'OneSidedBriberyFlagged'`);
      expect(all.rows[0].n).toBe(1);
    });
  });
});
