import type { TransferClueDto } from '@cluebus/contracts';
import { ClueCommandBase } from '../shared/clue-command.base';

/** 线索移交: the registering department sends the clue to one or more departments. */
export class TransferClueCommand extends ClueCommandBase<TransferClueDto> {}
