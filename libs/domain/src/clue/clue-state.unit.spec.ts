import type { ClueEvent } from '@cluebus/contracts';
import { deepFreeze } from '../testing/decider-specification';
import { CCDI, CLUE_ID, DOCTOR, ev, FEEDBACK_BY, ACK_BY, BASIS, MPS, NHC, NHSA, OUTSIDER, PHARMA, SAMR, STA } from '../testing/clue-fixtures';
import {
  allRecipients,
  allTransfers,
  canSee,
  evolveClue,
  foldClue,
  holdsClue,
  initialClueState,
  recipientStatus,
  transfersFrom,
  transfersTo,
  transfersToWithStatus,
  type ClueState,
} from './clue-state';

/** A whole life: transfer to two, one rejects, the other forwards, both tracks close with feedback. */
const LIFE: ClueEvent[] = [
  ev.registered(NHC),
  ev.transferred('t1', NHC, [SAMR, NHSA], { policyVersion: '2026-11-01.1', note: '请核查' }),
  ev.acknowledged('t1', SAMR),
  ev.rejected('t1', NHSA, '不属本部门职责'),
  ev.forwarded('f1', 't1', SAMR, [MPS]),
  ev.overdue('f1', MPS, 'acknowledge'),
  ev.acknowledged('f1', MPS),
  ev.opened(SAMR),
  ev.found(SAMR, 'substantiated', '经查属实'),
  ev.disposed(SAMR, [{ kind: 'administrative-penalty', detail: '罚款20万元' }]),
  ev.fedBack(SAMR, NHC, 't1', '已处罚'),
  ev.opened(MPS),
  ev.found(MPS, 'unverifiable', '证据不足'),
  ev.fedBack(MPS, SAMR, 'f1', '无法查实'),
];

describe('evolveClue', () => {
  it('starts from a state in which no clue exists', () => {
    expect(initialClueState()).toEqual({
      exists: false,
      clueId: '',
      registeredBy: '',
      alsoConcerns: [],
      subjects: [],
      summary: '',
      transfers: {},
      tracks: {},
    });
  });

  it('folding a full lifecycle gives the expected state', () => {
    const state = foldClue(LIFE);
    expect(state).toEqual<ClueState>({
      exists: true,
      clueId: CLUE_ID,
      registeredBy: NHC,
      source: 'report',
      category: 'kickback',
      alsoConcerns: [],
      subjects: [PHARMA, DOCTOR],
      summary: '某医药公司向医生给予回扣',
      amountYuan: 20000,
      transfers: {
        t1: {
          transferId: 't1',
          kind: 'transfer',
          seq: 0,
          from: NHC,
          to: [SAMR, NHSA],
          basis: BASIS,
          note: '请核查',
          acknowledgeBy: ACK_BY,
          feedbackBy: FEEDBACK_BY,
          policyVersion: '2026-11-01.1',
          recipients: {
            [SAMR]: { status: 'acknowledged', feedbackSent: true, overdue: [] },
            [NHSA]: { status: 'rejected', reason: '不属本部门职责', feedbackSent: false, overdue: [] },
          },
        },
        f1: {
          transferId: 'f1',
          kind: 'forward',
          seq: 1,
          from: SAMR,
          to: [MPS],
          basis: BASIS,
          acknowledgeBy: ACK_BY,
          feedbackBy: FEEDBACK_BY,
          viaTransferId: 't1',
          recipients: { [MPS]: { status: 'acknowledged', feedbackSent: true, overdue: ['acknowledge'] } },
        },
      },
      tracks: {
        [SAMR]: {
          by: SAMR,
          status: 'feedback-sent',
          basis: BASIS,
          finding: { result: 'substantiated', summary: '经查属实', evidence: [] },
          measures: [{ kind: 'administrative-penalty', detail: '罚款20万元' }],
          feedback: [{ transferId: 't1', to: NHC, summary: '已处罚' }],
        },
        [MPS]: {
          by: MPS,
          status: 'feedback-sent',
          basis: BASIS,
          finding: { result: 'unverifiable', summary: '证据不足', evidence: [] },
          feedback: [{ transferId: 'f1', to: SAMR, summary: '无法查实' }],
        },
      },
    });
  });

  it('walks a track through investigating → finding-recorded → disposition-decided → feedback-sent', () => {
    const prefix = LIFE.slice(0, 7);
    const statuses = [ev.opened(SAMR), ev.found(SAMR), ev.disposed(SAMR), ev.fedBack(SAMR, NHC, 't1')].map((_, i, steps) =>
      foldClue(steps.slice(0, i + 1), foldClue(prefix)).tracks[SAMR]?.status,
    );
    expect(statuses).toEqual(['investigating', 'finding-recorded', 'disposition-decided', 'feedback-sent']);
  });

  it('never mutates the state it is given (every intermediate state frozen)', () => {
    let state = deepFreeze(initialClueState());
    for (const e of LIFE) state = deepFreeze(evolveClue(state, deepFreeze(structuredClone(e))));
    expect(state.tracks[MPS]?.status).toBe('feedback-sent');
  });

  it('shares nothing mutable with the events (later changes to an event object do not leak in)', () => {
    const registered = structuredClone(ev.registered(NHC));
    const state = evolveClue(initialClueState(), registered);
    if (registered.type === 'ClueRegistered') {
      registered.data.subjects[0]!.name = 'changed';
      registered.data.alsoConcerns.push('bribery');
    }
    expect(state.subjects[0]?.name).toBe(PHARMA.name);
    expect(state.alsoConcerns).toEqual([]);
  });

  it('keeps the whistleblower and attachments out of the decision state', () => {
    const state = foldClue([ev.registered(NHC)]);
    expect(JSON.stringify(state)).not.toContain('举报人');
    expect(JSON.stringify(state)).not.toContain('report.pdf');
  });

  it('leaves the state unchanged for facts that refer to nothing it knows', () => {
    const base = foldClue(LIFE.slice(0, 2));
    for (const e of [
      ev.acknowledged('zzz', SAMR),
      ev.acknowledged('t1', STA),
      ev.rejected('zzz', SAMR),
      ev.overdue('zzz', SAMR),
      ev.found(CCDI),
      ev.disposed(CCDI),
      ev.registered(SAMR),
      ev.transferred('t1', NHC, [CCDI]),
    ]) {
      expect(evolveClue(base, e)).toBe(base);
    }
    const opened = evolveClue(base, ev.opened(NHC));
    expect(evolveClue(opened, ev.opened(NHC))).toBe(opened);
  });

  it('records each overdue deadline once, and an answer only once', () => {
    const s = foldClue([...LIFE.slice(0, 2), ev.overdue('t1', SAMR, 'feedback'), ev.overdue('t1', SAMR, 'feedback'), ev.overdue('t1', SAMR, 'acknowledge')]);
    expect(s.transfers.t1?.recipients[SAMR]?.overdue).toEqual(['feedback', 'acknowledge']);
    const acked = foldClue([...LIFE.slice(0, 3)]);
    expect(evolveClue(acked, ev.rejected('t1', SAMR))).toBe(acked);
  });

  it('ignores an event type it does not know (forward-compatible replay)', () => {
    const base = foldClue(LIFE.slice(0, 2));
    expect(evolveClue(base, { type: 'SupervisionIssued', data: {} } as unknown as ClueEvent)).toBe(base);
  });
});

describe('queries', () => {
  const state = foldClue(LIFE);

  describe('canSee: a department sees only clues sent to it or by it', () => {
    it.each([
      [NHC, true, 'the registrar'],
      [SAMR, true, 'a recipient'],
      [NHSA, true, 'a recipient that rejected'],
      [MPS, true, 'a recipient of a forward'],
      [CCDI, false, 'a department never sent it'],
      ['samr:340000', false, 'the same department in another region'],
      [OUTSIDER, false, 'an outsider'],
    ])('%s → %p (%s)', (instance, expected) => {
      expect(canSee(state, instance)).toBe(expected);
    });

    it('nobody sees a clue that does not exist', () => {
      expect(canSee(initialClueState(), '')).toBe(false);
      expect(canSee(initialClueState(), NHC)).toBe(false);
    });

    it('a department sees the clue from the moment it is sent to it', () => {
      expect(canSee(foldClue(LIFE.slice(0, 4)), MPS)).toBe(false);
      expect(canSee(foldClue(LIFE.slice(0, 5)), MPS)).toBe(true);
    });
  });

  it('transfersTo / transfersFrom / transfersToWithStatus, in order', () => {
    expect(transfersTo(state, SAMR).map((t) => t.transferId)).toEqual(['t1']);
    expect(transfersTo(state, MPS).map((t) => t.transferId)).toEqual(['f1']);
    expect(transfersTo(state, NHC)).toEqual([]);
    expect(transfersFrom(state, SAMR).map((t) => t.transferId)).toEqual(['f1']);
    expect(transfersFrom(state, NHC).map((t) => t.transferId)).toEqual(['t1']);
    expect(transfersToWithStatus(state, NHSA, 'rejected').map((t) => t.transferId)).toEqual(['t1']);
    expect(transfersToWithStatus(state, NHSA, 'acknowledged')).toEqual([]);
    expect(allTransfers(state).map((t) => t.transferId)).toEqual(['t1', 'f1']);
  });

  it('orders transfers by arrival even when ids sort otherwise', () => {
    const s = foldClue([ev.registered(NHC), ev.transferred('9', NHC, [SAMR]), ev.transferred('1', NHC, [MPS])]);
    expect(allTransfers(s).map((t) => t.transferId)).toEqual(['9', '1']);
  });

  it('recipientStatus', () => {
    expect(recipientStatus(state, 't1', SAMR)).toBe('acknowledged');
    expect(recipientStatus(state, 't1', NHSA)).toBe('rejected');
    expect(recipientStatus(foldClue(LIFE.slice(0, 2)), 't1', SAMR)).toBe('pending');
    expect(recipientStatus(state, 't1', MPS)).toBeUndefined();
    expect(recipientStatus(state, 'nope', SAMR)).toBeUndefined();
  });

  it('holdsClue: registrar, pending or acknowledged recipients; not one that rejected', () => {
    expect([NHC, SAMR, MPS, NHSA, CCDI].map((i) => holdsClue(state, i))).toEqual([true, true, true, false, false]);
    expect(holdsClue(foldClue(LIFE.slice(0, 2)), NHSA)).toBe(true);
    expect(holdsClue(initialClueState(), NHC)).toBe(false);
  });

  it('allRecipients: everyone ever sent the clue', () => {
    expect(allRecipients(state)).toEqual([SAMR, NHSA, MPS]);
  });
});
