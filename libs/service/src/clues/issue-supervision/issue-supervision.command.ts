import { ClueCommandBase } from '../shared/clue-command.base';

/** 督办: the lead unit (nhc) presses the recipients of a transfer that have not answered. */
export class IssueSupervisionCommand extends ClueCommandBase<{ transferId: string; note: string; dueBy: string }> {}
