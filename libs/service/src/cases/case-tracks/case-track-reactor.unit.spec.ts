import type { RecordedEvent } from '@cluebus/contracts';
import type { CaseIndexPort } from './case-index';
import { CaseTrackReactor, type TrackOpening, type TrackRequest } from './case-track-reactor';

const CASE = '0193aaaa-0000-7000-8000-000000000001';
const CASE_B = '0193aaaa-0000-7000-8000-000000000002';
const CLUE = '0193bbbb-0000-7000-8000-000000000001';
const OTHER_CLUE = '0193bbbb-0000-7000-8000-000000000002';
const NHC = 'nhc:341300';
const SAMR = 'samr:341300';
const NHSA = 'nhsa:341300';
const CCDI = 'ccdi:341300';

let position = 0;
function recorded(type: string, data: Record<string, unknown>, eventId = `0193cccc-0000-7000-8000-${String(++position).padStart(12, '0')}`): RecordedEvent {
  return {
    eventId,
    type,
    schemaVersion: 1,
    data,
    metadata: { department: NHC, actor: 'test', occurredAt: '2026-11-10T02:00:00.000Z', causationId: eventId, correlationId: eventId },
    streamId: type.startsWith('Case') || type.startsWith('Track') || type.startsWith('ClueAttached') ? `case-${String(data.caseId)}` : `clue-${String(data.clueId)}`,
    streamPosition: 0,
    globalPosition: position,
    recordedAt: '2026-11-10T02:00:00.000Z',
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  };
}

/** An in-memory index and a track opener that, like handleCommand with derived ids, stores each (case, cause) once and each (case, department) once. */
function world(clueHistories: Record<string, RecordedEvent[]> = {}) {
  const clues = new Map<string, Set<string>>();
  const audience = new Map<string, Set<string>>();
  const stored = new Set<string>();
  const tracks = new Map<string, TrackRequest>();
  const requests: TrackRequest[] = [];
  const watched = new Map<string, Set<string>>();
  const index: CaseIndexPort = {
    write: async (rows) => {
      rows.findings.forEach((f) => (watched.get(f.caseId) ?? watched.set(f.caseId, new Set()).get(f.caseId)!).add(f.eventId));
      rows.clues.forEach((r) => (clues.get(r.clueId) ?? clues.set(r.clueId, new Set()).get(r.clueId)!).add(r.caseId));
      rows.audience.forEach((r) => (audience.get(r.caseId) ?? audience.set(r.caseId, new Set()).get(r.caseId)!).add(r.department));
    },
    casesOfClues: async (ids) => new Map(ids.filter((id) => clues.has(id)).map((id) => [id, [...clues.get(id)!]])),
  };
  const openTrack = async (r: TrackRequest): Promise<TrackOpening> => {
    requests.push(r);
    const key = `${r.caseId}/${r.causationEventId}`;
    if (stored.has(key)) return { outcome: 'replayed' };
    if (tracks.has(`${r.caseId}/${r.department}`)) return { outcome: 'refused', code: 'TRACK_ALREADY_OPEN' };
    stored.add(key);
    tracks.set(`${r.caseId}/${r.department}`, r);
    return { outcome: 'opened' };
  };
  const deps = { index, clueHistory: async (id: string) => clueHistories[id] ?? [], openTrack };
  const reactor = new CaseTrackReactor(deps);
  return { reactor, deps, clues, audience, tracks, requests, watched };
}

describe('CaseTrackReactor', () => {
  const registered = recorded('ClueRegistered', { clueId: CLUE, registeredBy: NHC });
  const transferred = recorded('ClueTransferred', { clueId: CLUE, transferId: 't1', from: NHC, to: [SAMR, NHSA, CCDI] });
  const opened = recorded('CaseOpened', { caseId: CASE, lead: NHC, title: '案', basis: '依据', clueIds: [CLUE] });
  const ackSamr = recorded('TransferAcknowledged', { clueId: CLUE, transferId: 't1', by: SAMR });
  const ackNhsa = recorded('TransferAcknowledged', { clueId: CLUE, transferId: 't1', by: NHSA });
  const investigation = recorded('InvestigationOpened', { clueId: CLUE, by: SAMR, basis: '依据' });

  it('given a case over a transferred clue, when recipients acknowledge, then each gets a track once, citing its acknowledgement', async () => {
    const w = world({ [CLUE]: [registered, transferred] });
    await w.reactor.react([registered, transferred, opened]);
    expect(w.clues.get(CLUE)).toEqual(new Set([CASE]));
    expect(w.audience.get(CASE)).toEqual(new Set([NHC, SAMR, NHSA, CCDI]));
    await w.reactor.react([ackSamr, investigation, ackNhsa]);
    expect([...w.tracks.values()]).toEqual([
      { caseId: CASE, department: SAMR, via: 'acknowledged-transfer', clueId: CLUE, causationEventId: ackSamr.eventId },
      { caseId: CASE, department: NHSA, via: 'acknowledged-transfer', clueId: CLUE, causationEventId: ackNhsa.eventId },
    ]);
    expect(w.reactor.counts).toEqual({ opened: 2, replayed: 0, refused: 0, known: 1 });
  });

  it('given a track refused as already open, when the department engages again, then the reactor does not ask the case again', async () => {
    const w = world({ [CLUE]: [registered, transferred] });
    w.tracks.set(`${CASE}/${SAMR}`, { caseId: CASE, department: SAMR, via: 'investigation', clueId: CLUE, causationEventId: 'earlier' });
    await w.reactor.react([registered, transferred, opened, ackSamr, investigation]);
    expect(w.requests.map((r) => r.causationEventId)).toEqual([ackSamr.eventId]);
    expect(w.reactor.counts).toEqual({ opened: 0, replayed: 0, refused: 1, known: 1 });
    expect(w.reactor.refusals).toEqual({ TRACK_ALREADY_OPEN: 1 });
  });

  it('given more cases than it remembers, when a department engages again, then forgotten cases are asked once more, the store refuses, and nothing new opens', async () => {
    // given a reactor that remembers one case, after SAMR's tracks in CASE and CASE_B
    const w = world({ [CLUE]: [registered, transferred] });
    w.reactor = new CaseTrackReactor(w.deps, 1);
    const openedB = recorded('CaseOpened', { caseId: CASE_B, lead: NHC, title: '案二', basis: '依据', clueIds: [CLUE] });
    await w.reactor.react([registered, transferred, opened, ackSamr, openedB, investigation]);
    expect(w.tracks.has(`${CASE}/${SAMR}`) && w.tracks.has(`${CASE_B}/${SAMR}`)).toBe(true);
    const asked = w.requests.length;
    // when SAMR engages again
    await w.reactor.react([recorded('InvestigationOpened', { clueId: CLUE, by: SAMR, basis: '再次' })]);
    // then CASE was forgotten (asked, refused), and remembering it again pushed CASE_B out (asked, refused)
    expect(w.requests.slice(asked).map((r) => r.caseId)).toEqual([CASE, CASE_B]);
    expect(w.reactor.refusals).toEqual({ TRACK_ALREADY_OPEN: 2 });
    expect(w.tracks.size).toBe(2);
    // with room for both, the same engagement is answered from memory
    const roomy = new CaseTrackReactor(w.deps, 2);
    await roomy.react([registered, transferred, opened, openedB, ackSamr, investigation]);
    const before = w.requests.length;
    await roomy.react([recorded('InvestigationOpened', { clueId: CLUE, by: SAMR, basis: '三次' })]);
    expect(w.requests.length).toBe(before);
  });

  it('given the same batch delivered twice (a crash before the checkpoint), when a restarted reactor reacts again, then the same commands are issued and nothing new is opened', async () => {
    const w = world({ [CLUE]: [registered, transferred] });
    const batch = [registered, transferred, opened, ackSamr];
    await w.reactor.react(batch);
    const first = [...w.requests];
    const restarted = new CaseTrackReactor(w.deps);
    await restarted.react(batch);
    expect(w.requests.slice(first.length)).toEqual(first);
    expect(w.tracks.size).toBe(1);
    expect(w.reactor.counts).toMatchObject({ opened: 1 });
    expect(restarted.counts).toMatchObject({ opened: 0, replayed: 1 });
  });

  it('given acknowledgements before the case was opened, when the case opens, then the catch-up opens their tracks from the clue history', async () => {
    const w = world({ [CLUE]: [registered, transferred, ackSamr, investigation] });
    await w.reactor.react([registered, transferred, ackSamr, investigation]);
    expect(w.tracks.size).toBe(0);
    await w.reactor.react([opened]);
    expect([...w.tracks.values()].map((t) => [t.department, t.via, t.causationEventId])).toEqual([[SAMR, 'acknowledged-transfer', ackSamr.eventId]]);
  });

  it('given the acknowledgement in the same page as the opening, when reacted, then the catch-up opens the track and the live event finds it held', async () => {
    const w = world({ [CLUE]: [registered, transferred, ackSamr] });
    await w.reactor.react([opened, ackSamr]);
    expect(w.requests.map((r) => r.causationEventId)).toEqual([ackSamr.eventId]);
    expect(w.reactor.counts).toMatchObject({ opened: 1, replayed: 0, known: 1 });
  });

  it('given a clue in two cases, when attached to the second, then an acknowledgement opens a track in each', async () => {
    const w = world({ [CLUE]: [registered, transferred], [OTHER_CLUE]: [] });
    const otherCase = recorded('CaseOpened', { caseId: CASE_B, lead: SAMR, title: '案', basis: '依据', clueIds: [OTHER_CLUE] });
    const attached = recorded('ClueAttachedToCase', { caseId: CASE_B, clueId: CLUE, by: SAMR });
    await w.reactor.react([opened, otherCase, attached, ackNhsa]);
    expect([...w.tracks.keys()].sort()).toEqual([`${CASE}/${NHSA}`, `${CASE_B}/${NHSA}`]);
    expect(w.audience.get(CASE_B)).toEqual(new Set([SAMR, NHC, NHSA, CCDI]));
  });

  it('given events of clues in no case, when reacted, then nothing is issued', async () => {
    const w = world();
    await w.reactor.react([recorded('TransferAcknowledged', { clueId: OTHER_CLUE, transferId: 't', by: SAMR }), recorded('InvestigationOpened', { clueId: OTHER_CLUE, by: SAMR })]);
    expect(w.requests).toEqual([]);
  });

  it('given a later transfer or a new track, when reacted, then the case audience grows', async () => {
    const w = world({ [CLUE]: [registered] });
    await w.reactor.react([opened]);
    expect(w.audience.get(CASE)).toEqual(new Set([NHC]));
    await w.reactor.react([
      recorded('ClueForwarded', { clueId: CLUE, transferId: 'f1', viaTransferId: 't1', from: SAMR, to: ['mps:341300'] }),
      recorded('TrackOpened', { caseId: CASE, department: 'sta:341300', via: 'investigation', clueId: CLUE, causationEventId: 'x' }),
    ]);
    expect(w.audience.get(CASE)).toEqual(new Set([NHC, 'mps:341300', 'sta:341300']));
  });

  describe('one-sided bribery watch (行贿受贿一起查)', () => {
    const substantiated = recorded('FindingRecorded', { clueId: CLUE, by: SAMR, result: 'substantiated', summary: '属实', evidence: [] });
    const unsubstantiated = recorded('FindingRecorded', { clueId: CLUE, by: NHSA, result: 'unsubstantiated', summary: '不属实', evidence: [] });

    it('given a case over a clue, when a substantiated finding is recorded on it, then the case is watched for that finding only', async () => {
      const w = world({ [CLUE]: [registered, transferred] });
      await w.reactor.react([registered, transferred, opened]);
      await w.reactor.react([substantiated, unsubstantiated]);
      expect(w.watched.get(CASE)).toEqual(new Set([substantiated.eventId]));
    });

    it('given a substantiated finding before the clue joined a case, when the case opens, then the catch-up watches it', async () => {
      const w = world({ [CLUE]: [registered, transferred, substantiated] });
      await w.reactor.react([opened]);
      expect(w.watched.get(CASE)).toEqual(new Set([substantiated.eventId]));
    });

    it('given a one-sided flag handed to ccdi, when reacted, then that ccdi may find the case', async () => {
      const w = world({ [CLUE]: [registered] });
      await w.reactor.react([registered, opened]);
      const other = 'ccdi:341100';
      await w.reactor.react([recorded('OneSidedBriberyFlagged', { caseId: CASE, recipient: other })]);
      expect(w.audience.get(CASE)?.has(other)).toBe(true);
    });
  });
});
