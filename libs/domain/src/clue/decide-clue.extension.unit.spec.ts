import type { ClueCommand } from './clue-commands';
import { ClueErrorCodes as E } from './clue-error-codes';
import { foldClue } from './clue-state';
import { CN_WORKING_DAYS } from '../deadlines/working-day-calendar';
import { clueSpecification } from '../testing/clue-specification';
import { ACK_BY, BASIS, CLUE_ID, cmd, ev, FEEDBACK_BY, MPS, NHC, NHSA, SAMR } from '../testing/clue-fixtures';
import {
  ExtendedDeadlineMustLieAhead,
  ExtensionDaysWithinPolicy,
  ExtensionDecidedOnlyBySender,
  ExtensionMayBeRequestedOnlyByARecipient,
  ExtensionNeedsAnOpenDeadline,
  ExtensionNeedsAnOpenRequest,
  ExtensionReasonIsRequired,
  ExtensionRecipientMustBeOnTransfer,
  ExtensionRequestMustBeUnambiguous,
  MAX_EXTENSION_WORKING_DAYS,
  OneExtensionRequestAtATime,
} from './rules';

// Deadlines move by working days of the national calendar (Asia/Shanghai), as in the service.
const given = clueSpecification({ calendar: CN_WORKING_DAYS });

const R = ev.registered(NHC);
const T1 = ev.transferred('t1', NHC, [SAMR, NHSA]);
/** ACK_BY is Friday 2026-11-13 18:00 China time; + 3 working days = Mon 16, Tue 17, Wed 18 → end of Wednesday. */
const ACK_PLUS_3 = '2026-11-18T15:59:59.999Z';
/** FEEDBACK_BY is Thursday 2026-12-10; + 5 working days = 11, 14, 15, 16, 17 Dec. */
const FEEDBACK_PLUS_5 = '2026-12-17T15:59:59.999Z';

const asked = (by = SAMR, over: Parameters<typeof ev.extensionRequested>[3] = {}) => ev.extensionRequested('t1', by, NHC, over);
const granted = (recipient = SAMR, previousDueAt = ACK_BY, dueAt = ACK_PLUS_3, over: Parameters<typeof ev.extensionGranted>[5] = {}) =>
  ev.extensionGranted('t1', NHC, recipient, previousDueAt, dueAt, over);
const overdue = (recipient: string, deadline: 'acknowledge' | 'feedback' = 'acknowledge'): ClueCommand => ({ type: 'RecordOverdue', data: { transferId: 't1', recipient, deadline } });

describe('RequestExtension (延期, by a recipient)', () => {
  it('given a pending transfer, when a recipient asks, then TransferExtensionRequested of the 签收 deadline, addressed to the sender', () => {
    given(R, T1).when(cmd.requestExtension('t1', 3, '需调取外地证据'), SAMR).then([
      { type: 'TransferExtensionRequested', data: { clueId: CLUE_ID, transferId: 't1', by: SAMR, to: NHC, deadline: 'acknowledge', days: 3, reason: '需调取外地证据', currentDueAt: ACK_BY } },
    ]);
  });

  it('given an acknowledged transfer without feedback, when the recipient asks, then the 反馈 deadline is the one asked for', () => {
    given(R, T1, ev.acknowledged('t1', SAMR))
      .when(cmd.requestExtension('t1', 5), SAMR)
      .then([asked(SAMR, { deadline: 'feedback', days: 5, currentDueAt: FEEDBACK_BY })]);
  });

  it('given a forward, when its recipient asks, then the forwarding department is the one asked', () => {
    const F = ev.forwarded('f1', 't1', SAMR, [MPS]);
    given(R, T1, ev.acknowledged('t1', SAMR), F)
      .when(cmd.requestExtension('f1'), MPS)
      .then([ev.extensionRequested('f1', MPS, SAMR)]);
  });

  it('ExtensionMayBeRequestedOnlyByARecipient: the sender is forbidden; an unknown transfer or one to someone else is not found', () => {
    given(R, T1).when(cmd.requestExtension('t1'), NHC).thenThrows(E.ONLY_RECIPIENT_MAY_REQUEST_EXTENSION, { kind: 'forbidden' });
    given(R, T1).when(cmd.requestExtension('zz'), SAMR).thenThrows(E.TRANSFER_NOT_FOUND, { field: 'transferId', kind: 'not-found' });
    const T2 = ev.transferred('t2', NHC, [MPS]);
    given(R, T1, T2).when(cmd.requestExtension('t1'), MPS).thenThrows(E.TRANSFER_NOT_FOUND, { field: 'transferId', kind: 'not-found' });
    const s = foldClue([R, T1]);
    expect(new ExtensionMayBeRequestedOnlyByARecipient(s, 't1', NHSA).isBroken()).toBe(false);
    expect(new ExtensionMayBeRequestedOnlyByARecipient(s, 't1', NHC).name).toBe('ExtensionMayBeRequestedOnlyByARecipient');
  });

  it('ExtensionNeedsAnOpenDeadline: a rejected transfer or one answered with feedback has no deadline left', () => {
    given(R, T1, ev.rejected('t1', SAMR)).when(cmd.requestExtension('t1'), SAMR).thenThrows(E.EXTENSION_NEEDS_OPEN_DEADLINE);
    given(R, T1, ev.acknowledged('t1', SAMR), ev.opened(SAMR), ev.found(SAMR, 'unsubstantiated'), ev.disposed(SAMR), ev.fedBack(SAMR, NHC, 't1'))
      .when(cmd.requestExtension('t1'), SAMR)
      .thenThrows(E.EXTENSION_NEEDS_OPEN_DEADLINE);
    expect(new ExtensionNeedsAnOpenDeadline(foldClue([R, T1]).transfers.t1?.recipients[SAMR]).isBroken()).toBe(false);
  });

  it('OneExtensionRequestAtATime: an undecided request blocks the next; once decided (or lapsed) the recipient may ask again', () => {
    given(R, T1, asked()).when(cmd.requestExtension('t1'), SAMR).thenThrows(E.EXTENSION_ALREADY_REQUESTED);
    // another recipient's request does not block this one
    given(R, T1, asked(NHSA)).when(cmd.requestExtension('t1'), SAMR).then([asked(SAMR)]);
    // after a grant, the next request starts from the extended deadline
    given(R, T1, asked(), granted()).when(cmd.requestExtension('t1', 2), SAMR).then([asked(SAMR, { days: 2, currentDueAt: ACK_PLUS_3 })]);
    given(R, T1, asked(), ev.extensionDenied('t1', NHC, SAMR)).when(cmd.requestExtension('t1'), SAMR).then([asked()]);
    // asked for 签收 time, then acknowledged: that request lapsed, the 反馈 deadline may be asked for
    given(R, T1, asked(), ev.acknowledged('t1', SAMR))
      .when(cmd.requestExtension('t1', 5), SAMR)
      .then([asked(SAMR, { deadline: 'feedback', days: 5, currentDueAt: FEEDBACK_BY })]);
    expect(new OneExtensionRequestAtATime(foldClue([R, T1, asked()]).transfers.t1?.recipients[SAMR]).isBroken()).toBe(true);
  });

  it('ExtensionDaysWithinPolicy: a whole number of working days from 1 to the cap, refused on field days', () => {
    for (const days of [0, -1, 1.5, MAX_EXTENSION_WORKING_DAYS + 1, Number.NaN]) {
      given(R, T1).when(cmd.requestExtension('t1', days), SAMR).thenThrows(E.EXTENSION_DAYS_OUT_OF_RANGE, { field: 'days' });
    }
    given(R, T1).when(cmd.requestExtension('t1', MAX_EXTENSION_WORKING_DAYS), SAMR).then([asked(SAMR, { days: MAX_EXTENSION_WORKING_DAYS })]);
    expect(MAX_EXTENSION_WORKING_DAYS).toBe(30);
    expect(new ExtensionDaysWithinPolicy(5, 4).isBroken()).toBe(true);
    expect(new ExtensionDaysWithinPolicy(1).isBroken()).toBe(false);
  });

  it('ExtensionReasonIsRequired: a blank reason is refused on field reason', () => {
    given(R, T1).when(cmd.requestExtension('t1', 3, '  '), SAMR).thenThrows(E.REASON_REQUIRED, { field: 'reason' });
    expect(new ExtensionReasonIsRequired('案情复杂').isBroken()).toBe(false);
  });
});

describe('GrantExtension and DenyExtension (by the sender)', () => {
  it('given an open request, when the sender grants, then the deadline moves by working days from the current one', () => {
    given(R, T1, asked()).when(cmd.grantExtension('t1', SAMR), NHC).then([granted()]);
    given(R, T1, ev.acknowledged('t1', SAMR), asked(SAMR, { deadline: 'feedback', days: 5, currentDueAt: FEEDBACK_BY }))
      .when(cmd.grantExtension('t1'), NHC)
      .then([granted(SAMR, FEEDBACK_BY, FEEDBACK_PLUS_5, { deadline: 'feedback', days: 5 })]);
  });

  it('given a deadline just before 国庆, when 3 working days are granted, then the holiday counts for nothing: 8, 9, 10 (调休 Saturday) Oct', () => {
    const beforeHoliday = clueSpecification({ calendar: CN_WORKING_DAYS, now: new Date('2026-09-28T02:00:00Z') });
    const T = { type: 'ClueTransferred' as const, data: { clueId: CLUE_ID, transferId: 't1', from: NHC, to: [SAMR], basis: BASIS, acknowledgeBy: '2026-09-30T15:59:59.999Z', feedbackBy: FEEDBACK_BY } };
    beforeHoliday(R, T, ev.extensionRequested('t1', SAMR, NHC, { currentDueAt: '2026-09-30T15:59:59.999Z' }))
      .when(cmd.grantExtension('t1', 'samr'), NHC)
      .then([granted(SAMR, '2026-09-30T15:59:59.999Z', '2026-10-10T15:59:59.999Z')]);
  });

  it('the grant moves only that recipient’s deadline and clears its overdue mark; the transfer’s own deadline stays', () => {
    const s = foldClue([R, T1, ev.overdue('t1', SAMR), ev.overdue('t1', NHSA), asked(), granted()]);
    const t = s.transfers.t1!;
    expect(t.acknowledgeBy).toBe(ACK_BY);
    expect(t.recipients[SAMR]).toEqual({
      status: 'pending',
      feedbackSent: false,
      overdue: [],
      acknowledgeBy: ACK_PLUS_3,
      extension: { status: 'granted', deadline: 'acknowledge', days: 3, reason: '需调取外地证据', requestedDueAt: ACK_BY, dueAt: ACK_PLUS_3 },
    });
    expect(t.recipients[NHSA]).toEqual({ status: 'pending', feedbackSent: false, overdue: ['acknowledge'] });
  });

  it('given a denial, then the deadline stays and the state says why', () => {
    given(R, T1, asked()).when(cmd.denyExtension('t1', SAMR, '线索紧急，不予延期'), NHC).then([ev.extensionDenied('t1', NHC, SAMR)]);
    const r = foldClue([R, T1, asked(), ev.extensionDenied('t1', NHC, SAMR)]).transfers.t1!.recipients[SAMR]!;
    expect(r.acknowledgeBy).toBeUndefined();
    expect(r.extension).toMatchObject({ status: 'denied', denialReason: '线索紧急，不予延期' });
  });

  it('ExtensionDecidedOnlyBySender: a recipient is forbidden; an unknown transfer or a department not on it is not found', () => {
    given(R, T1, asked()).when(cmd.grantExtension('t1', SAMR), SAMR).thenThrows(E.ONLY_SENDER_MAY_DECIDE_EXTENSION, { kind: 'forbidden' });
    given(R, T1, asked()).when(cmd.denyExtension('t1', SAMR), NHSA).thenThrows(E.ONLY_SENDER_MAY_DECIDE_EXTENSION, { kind: 'forbidden' });
    given(R, T1, asked()).when(cmd.grantExtension('zz'), NHC).thenThrows(E.TRANSFER_NOT_FOUND, { field: 'transferId', kind: 'not-found' });
    const T2 = ev.transferred('t2', NHC, [MPS]);
    given(R, T1, T2, asked()).when(cmd.grantExtension('t1', SAMR), MPS).thenThrows(E.TRANSFER_NOT_FOUND, { kind: 'not-found' });
    expect(new ExtensionDecidedOnlyBySender(foldClue([R, T1]), 't1', NHC).isBroken()).toBe(false);
  });

  it('ExtensionRecipientMustBeOnTransfer: a named department the transfer was not sent to is refused on field recipient', () => {
    given(R, T1, asked()).when(cmd.grantExtension('t1', 'mps'), NHC).thenThrows(E.RECIPIENT_NOT_ON_TRANSFER, { field: 'recipient' });
    given(R, T1, asked()).when(cmd.denyExtension('t1', 'samr:110105'), NHC).thenThrows(E.RECIPIENT_NOT_ON_TRANSFER, { field: 'recipient' });
    const t = foldClue([R, T1]).transfers.t1!;
    expect(new ExtensionRecipientMustBeOnTransfer(t, SAMR).isBroken()).toBe(false);
  });

  it('ExtensionRequestMustBeUnambiguous: without a recipient, none open is nothing to decide and two open must be told apart', () => {
    given(R, T1).when(cmd.grantExtension('t1'), NHC).thenThrows(E.NO_OPEN_EXTENSION_REQUEST);
    given(R, T1, asked(), asked(NHSA)).when(cmd.grantExtension('t1'), NHC).thenThrows(E.AMBIGUOUS_EXTENSION_REQUEST, { field: 'recipient' });
    given(R, T1, asked(), asked(NHSA)).when(cmd.denyExtension('t1', NHSA), NHC).then([ev.extensionDenied('t1', NHC, NHSA)]);
    given(R, T1, asked(NHSA)).when(cmd.denyExtension('t1'), NHC).then([ev.extensionDenied('t1', NHC, NHSA)]);
    expect(new ExtensionRequestMustBeUnambiguous('t1', [SAMR]).isBroken()).toBe(false);
  });

  it('ExtensionNeedsAnOpenRequest: never asked, already granted or denied, or lapsed by the answer — nothing to decide', () => {
    given(R, T1).when(cmd.grantExtension('t1', SAMR), NHC).thenThrows(E.NO_OPEN_EXTENSION_REQUEST);
    given(R, T1, asked(), granted()).when(cmd.grantExtension('t1', SAMR), NHC).thenThrows(E.NO_OPEN_EXTENSION_REQUEST);
    given(R, T1, asked(), ev.extensionDenied('t1', NHC, SAMR)).when(cmd.grantExtension('t1', SAMR), NHC).thenThrows(E.NO_OPEN_EXTENSION_REQUEST);
    given(R, T1, asked(), ev.acknowledged('t1', SAMR)).when(cmd.grantExtension('t1', SAMR), NHC).thenThrows(E.NO_OPEN_EXTENSION_REQUEST);
    given(R, T1, asked(), ev.rejected('t1', SAMR)).when(cmd.denyExtension('t1', SAMR), NHC).thenThrows(E.NO_OPEN_EXTENSION_REQUEST);
    expect(foldClue([R, T1, asked(), ev.acknowledged('t1', SAMR)]).transfers.t1?.recipients[SAMR]?.extension?.status).toBe('lapsed');
    expect(new ExtensionNeedsAnOpenRequest(SAMR, foldClue([R, T1, asked()]).transfers.t1?.recipients[SAMR]).isBroken()).toBe(false);
  });

  it('ExtensionReasonIsRequired: a denial says why', () => {
    given(R, T1, asked()).when(cmd.denyExtension('t1', SAMR, ''), NHC).thenThrows(E.REASON_REQUIRED, { field: 'reason' });
  });

  it('ExtendedDeadlineMustLieAhead: a grant that would still end in the past is refused', () => {
    given(R, T1, asked()).when(cmd.grantExtension('t1', SAMR), NHC, new Date('2026-11-20T00:00:00Z')).thenThrows(E.EXTENDED_DEADLINE_ALREADY_PASSED);
    expect(new ExtendedDeadlineMustLieAhead(ACK_PLUS_3, new Date('2026-11-18T15:59:59.998Z')).isBroken()).toBe(false);
    expect(new ExtendedDeadlineMustLieAhead(ACK_PLUS_3, new Date(ACK_PLUS_3)).isBroken()).toBe(true);
  });
});

describe('overdue after an extension: once per missed deadline', () => {
  const AFTER_OLD = new Date('2026-11-14T00:00:00Z');
  const AFTER_NEW = new Date('2026-11-19T00:00:00Z');

  it('given a granted extension, when the old deadline passes, then nothing is overdue; past the new one, TransferOverdue with the new due date, once', () => {
    given(R, T1, asked(), granted()).when(overdue(SAMR), SAMR, AFTER_OLD).thenThrows(E.DEADLINE_NOT_PASSED);
    // the other recipient's deadline did not move
    given(R, T1, asked(), granted()).when(overdue(NHSA), NHSA, AFTER_OLD).then([ev.overdue('t1', NHSA)]);
    given(R, T1, asked(), granted())
      .when(overdue(SAMR), SAMR, AFTER_NEW)
      .then([{ type: 'TransferOverdue', data: { clueId: CLUE_ID, transferId: 't1', recipient: SAMR, deadline: 'acknowledge', dueAt: ACK_PLUS_3 } }]);
    const missedNew = { type: 'TransferOverdue' as const, data: { clueId: CLUE_ID, transferId: 't1', recipient: SAMR, deadline: 'acknowledge' as const, dueAt: ACK_PLUS_3 } };
    given(R, T1, asked(), granted(), missedNew).when(overdue(SAMR), SAMR, AFTER_NEW).thenThrows(E.OVERDUE_ALREADY_RECORDED);
  });

  it('given a deadline already recorded missed, when an extension is granted and the new one is missed too, then that is a second, distinct miss', () => {
    const history = [R, T1, ev.overdue('t1', SAMR), asked(), granted()];
    given(...history).when(overdue(SAMR), SAMR, AFTER_OLD).thenThrows(E.DEADLINE_NOT_PASSED);
    given(...history)
      .when(overdue(SAMR), SAMR, AFTER_NEW)
      .then([{ type: 'TransferOverdue', data: { clueId: CLUE_ID, transferId: 't1', recipient: SAMR, deadline: 'acknowledge', dueAt: ACK_PLUS_3 } }]);
  });
});
