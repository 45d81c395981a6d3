import { ClueCommandBase } from '../shared/clue-command.base';

/** 签收: a recipient acknowledges a transfer addressed to it. */
export class AcknowledgeTransferCommand extends ClueCommandBase<{ transferId: string }> {}
