import type { RejectTransferDto } from '@cluebus/contracts';
import { ClueCommandBase } from '../shared/clue-command.base';

/** 退回: a recipient rejects a transfer, with a reason. */
export class RejectTransferCommand extends ClueCommandBase<RejectTransferDto & { transferId: string }> {}
