import type { ClueCommand } from './clue-commands';
import { ClueErrorCodes as E } from './clue-error-codes';
import { foldClue } from './clue-state';
import { clueSpecification } from '../testing/clue-specification';
import { ACK_BY, CLUE_ID, ev, FEEDBACK_BY, MPS, NHC, NHSA, SAMR, STA } from '../testing/clue-fixtures';
import {
  DueByMustBeInFuture,
  DueByMustBeIsoDateTime,
  OnlyLeadUnitMaySupervise,
  openRecipients,
  OverdueDeadlineMustHavePassed,
  OverdueMayBeRecordedOnce,
  OverdueOnlyWhileUnanswered,
  OverdueRecipientMustBeOnTransfer,
  SupervisionNeedsOpenTransfer,
  SupervisionNoteIsRequired,
} from './rules';

const given = clueSpecification();
const AFTER_ACK = new Date('2026-11-14T00:00:00Z');
const AFTER_FEEDBACK = new Date('2026-12-11T00:00:00Z');
const DUE_BY = '2026-11-20T18:00:00+08:00';

const R = ev.registered(NHC);
const T1 = ev.transferred('t1', NHC, [SAMR, NHSA]);

const overdue = (transferId: string, recipient: string, deadline: 'acknowledge' | 'feedback' = 'acknowledge'): ClueCommand => ({
  type: 'RecordOverdue',
  data: { transferId, recipient, deadline },
});
const supervise = (transferId: string, note = '请于期限内签收并反馈', dueBy = DUE_BY): ClueCommand => ({
  type: 'IssueSupervision',
  data: { transferId, note, dueBy },
});
const supervised = (level: number, recipients: string[], note = '请于期限内签收并反馈') => ({
  type: 'SupervisionIssued' as const,
  data: { clueId: CLUE_ID, transferId: 't1', level, note, dueBy: DUE_BY, by: NHC, recipients },
});

describe('RecordOverdue (the scheduler’s command)', () => {
  it('given a pending transfer past acknowledge-by, when recorded, then TransferOverdue with the deadline it missed', () => {
    given(R, T1).when(overdue('t1', SAMR), SAMR, AFTER_ACK).then([ev.overdue('t1', SAMR, 'acknowledge')]);
  });

  it('given an acknowledged transfer past feedback-by without feedback, when recorded, then TransferOverdue for feedback', () => {
    given(R, T1, ev.acknowledged('t1', SAMR)).when(overdue('t1', SAMR, 'feedback'), SAMR, AFTER_FEEDBACK).then([ev.overdue('t1', SAMR, 'feedback')]);
  });

  it('OverdueMayBeRecordedOnce: a second notice for the same transfer, recipient and deadline is refused', () => {
    given(R, T1, ev.overdue('t1', SAMR)).when(overdue('t1', SAMR), SAMR, AFTER_ACK).thenThrows(E.OVERDUE_ALREADY_RECORDED);
    // another recipient of the same transfer, or the other deadline, is a different miss
    given(R, T1, ev.overdue('t1', SAMR)).when(overdue('t1', NHSA), NHSA, AFTER_ACK).then([ev.overdue('t1', NHSA)]);
  });

  it('OverdueDeadlineMustHavePassed: before (or at) the deadline nothing is overdue', () => {
    given(R, T1).when(overdue('t1', SAMR), SAMR).thenThrows(E.DEADLINE_NOT_PASSED);
    given(R, T1).when(overdue('t1', SAMR), SAMR, new Date(Date.parse(ACK_BY))).thenThrows(E.DEADLINE_NOT_PASSED);
    given(R, T1, ev.acknowledged('t1', SAMR)).when(overdue('t1', SAMR, 'feedback'), SAMR, AFTER_ACK).thenThrows(E.DEADLINE_NOT_PASSED);
  });

  it('OverdueOnlyWhileUnanswered: an acknowledged, rejected or answered transfer missed nothing', () => {
    given(R, T1, ev.acknowledged('t1', SAMR)).when(overdue('t1', SAMR), SAMR, AFTER_ACK).thenThrows(E.DEADLINE_ALREADY_MET);
    given(R, T1, ev.rejected('t1', SAMR)).when(overdue('t1', SAMR, 'feedback'), SAMR, AFTER_FEEDBACK).thenThrows(E.DEADLINE_ALREADY_MET);
    given(R, T1, ev.acknowledged('t1', SAMR), ev.opened(SAMR), ev.found(SAMR, 'unsubstantiated'), ev.fedBack(SAMR, NHC, 't1'))
      .when(overdue('t1', SAMR, 'feedback'), SAMR, AFTER_FEEDBACK)
      .thenThrows(E.DEADLINE_ALREADY_MET);
    given(R, T1).when(overdue('t1', SAMR, 'feedback'), SAMR, AFTER_FEEDBACK).thenThrows(E.DEADLINE_ALREADY_MET);
  });

  it('OverdueRecipientMustBeOnTransfer: an unknown transfer or a department it was not sent to is not found', () => {
    given(R, T1).when(overdue('zz', SAMR), SAMR, AFTER_ACK).thenThrows(E.TRANSFER_NOT_FOUND, { field: 'transferId', kind: 'not-found' });
    given(R, T1).when(overdue('t1', MPS), SAMR, AFTER_ACK).thenThrows(E.TRANSFER_NOT_FOUND, { kind: 'not-found' });
  });

  it('the rules name themselves and judge the state directly', () => {
    const s = foldClue([R, T1, ev.overdue('t1', SAMR)]);
    const samr = s.transfers.t1?.recipients[SAMR];
    expect(new OverdueRecipientMustBeOnTransfer(s, 't1', SAMR).isBroken()).toBe(false);
    expect(new OverdueMayBeRecordedOnce(samr, 'acknowledge').isBroken()).toBe(true);
    expect(new OverdueMayBeRecordedOnce(samr, 'feedback').isBroken()).toBe(false);
    expect(new OverdueOnlyWhileUnanswered(samr, 'acknowledge').isBroken()).toBe(false);
    expect(new OverdueDeadlineMustHavePassed(ACK_BY, AFTER_ACK).isBroken()).toBe(false);
    expect(new OverdueDeadlineMustHavePassed(FEEDBACK_BY, AFTER_ACK).name).toBe('OverdueDeadlineMustHavePassed');
  });
});

describe('IssueSupervision (督办)', () => {
  it('given an open transfer, when the lead unit supervises, then SupervisionIssued level 1 to the recipients still open', () => {
    given(R, T1).when(supervise('t1'), NHC).then([supervised(1, [SAMR, NHSA])]);
    given(R, T1, ev.rejected('t1', NHSA)).when(supervise('t1'), NHC).then([supervised(1, [SAMR])]);
  });

  it('given one supervision already, when repeated, then level 2; and the state keeps the level', () => {
    given(R, T1, supervised(1, [SAMR, NHSA])).when(supervise('t1', '再次督办'), NHC).then([supervised(2, [SAMR, NHSA], '再次督办')]);
    expect(foldClue([R, T1, supervised(1, [SAMR]), supervised(2, [SAMR])]).transfers.t1?.supervisionLevel).toBe(2);
    expect(foldClue([R, T1]).transfers.t1?.supervisionLevel).toBeUndefined();
  });

  it('an acknowledged transfer without feedback is still open', () => {
    given(R, T1, ev.acknowledged('t1', SAMR), ev.rejected('t1', NHSA)).when(supervise('t1'), NHC).then([supervised(1, [SAMR])]);
  });

  it('OnlyLeadUnitMaySupervise: any other department is forbidden', () => {
    const R2 = ev.registered(STA);
    const T2 = ev.transferred('t1', STA, [SAMR]);
    given(R2, T2).when(supervise('t1'), STA).thenThrows(E.ONLY_LEAD_UNIT_MAY_SUPERVISE, { kind: 'forbidden' });
    given(R, T1).when(supervise('t1'), SAMR).thenThrows(E.ONLY_LEAD_UNIT_MAY_SUPERVISE, { kind: 'forbidden' });
    expect(new OnlyLeadUnitMaySupervise('nhc:110000').isBroken()).toBe(false);
    expect(new OnlyLeadUnitMaySupervise('nhc').isBroken()).toBe(true);
  });

  it('SupervisionNeedsOpenTransfer: an unknown transfer is not found; a fully answered one cannot be supervised', () => {
    given(R, T1).when(supervise('zz'), NHC).thenThrows(E.TRANSFER_NOT_FOUND, { field: 'transferId', kind: 'not-found' });
    given(R, T1, ev.rejected('t1', SAMR), ev.rejected('t1', NHSA)).when(supervise('t1'), NHC).thenThrows(E.SUPERVISION_NEEDS_OPEN_TRANSFER);
    const answered = foldClue([R, T1, ev.rejected('t1', NHSA), ev.acknowledged('t1', SAMR), ev.opened(SAMR), ev.found(SAMR, 'unsubstantiated'), ev.fedBack(SAMR, NHC, 't1')]);
    expect(openRecipients(answered.transfers.t1!)).toEqual([]);
    expect(new SupervisionNeedsOpenTransfer(answered, 't1').error().code).toBe(E.SUPERVISION_NEEDS_OPEN_TRANSFER);
  });

  it('SupervisionNoteIsRequired: a blank note is refused on field note', () => {
    given(R, T1).when(supervise('t1', '  '), NHC).thenThrows(E.NOTE_REQUIRED, { field: 'note' });
    expect(new SupervisionNoteIsRequired('催办').isBroken()).toBe(false);
  });

  it('DueByMustBeIsoDateTime and DueByMustBeInFuture: refused on field dueBy', () => {
    given(R, T1).when(supervise('t1', '催办', '2026-11-20'), NHC).thenThrows(E.INVALID_DEADLINE, { field: 'dueBy' });
    given(R, T1).when(supervise('t1', '催办', '2026-11-01T18:00:00+08:00'), NHC).thenThrows(E.DUE_BY_NOT_IN_FUTURE, { field: 'dueBy' });
    expect(new DueByMustBeIsoDateTime(DUE_BY).isBroken()).toBe(false);
    expect(new DueByMustBeInFuture(DUE_BY, AFTER_FEEDBACK).isBroken()).toBe(true);
  });
});
