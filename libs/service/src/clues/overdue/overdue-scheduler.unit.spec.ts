import { OverdueScheduler } from './overdue-scheduler';

const SAMR = 'samr:341300';
const TID = '01937a8e-5c2b-7b1e-9a3f-6f0e2d4c8b11';

describe('OverdueScheduler.idsOf: one notice per missed deadline', () => {
  it('given a never-extended deadline, when derived, then the ids are those notices stored before extensions existed have (pinned)', () => {
    const ids = OverdueScheduler.idsOf(SAMR, TID, 'acknowledge');
    expect(ids.idempotencyKey).toBe(`overdue/${TID}/acknowledge`);
    expect(ids.commandId).toBe(PINNED_ACKNOWLEDGE_COMMAND_ID);
    expect(OverdueScheduler.idsOf(SAMR, TID, 'acknowledge').eventId(0)).toBe(ids.eventId(0));
  });

  it('given an extended deadline, when derived, then the ids name the due date: a new due date is a new notice, the same one the same notice', () => {
    const plain = OverdueScheduler.idsOf(SAMR, TID, 'acknowledge');
    const first = OverdueScheduler.idsOf(SAMR, TID, 'acknowledge', new Date('2026-10-10T15:59:59.999Z'));
    const again = OverdueScheduler.idsOf(SAMR, TID, 'acknowledge', new Date('2026-10-10T15:59:59.999Z'));
    const second = OverdueScheduler.idsOf(SAMR, TID, 'acknowledge', new Date('2026-10-15T15:59:59.999Z'));
    expect(first.idempotencyKey).toBe(`overdue/${TID}/acknowledge/2026-10-10T15:59:59.999Z`);
    expect(again.commandId).toBe(first.commandId);
    expect(new Set([plain.commandId, first.commandId, second.commandId]).size).toBe(3);
    expect(OverdueScheduler.idsOf(SAMR, TID, 'feedback', new Date('2026-10-10T15:59:59.999Z')).commandId).not.toBe(first.commandId);
  });
});

/** uuidv5(`samr:341300\noverdue/<TID>/acknowledge\ncommand`) in the CommandIds namespace: what the scheduler derived before extensions. */
const PINNED_ACKNOWLEDGE_COMMAND_ID = 'b02461bc-a5ac-5b92-bed7-391e8681caa5';
