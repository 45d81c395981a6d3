import { ClueCommandBase } from '../shared/clue-command.base';

/** 延期: a recipient asks the transfer's sender for more working days on the deadline it still owes. */
export class RequestExtensionCommand extends ClueCommandBase<{ transferId: string; days: number; reason: string }> {}
