import type { RegisterClueDto } from '@cluebus/contracts';
import { ClueCommandBase } from '../shared/clue-command.base';

/** 线索登记: a department registers a clue it received or found. */
export class RegisterClueCommand extends ClueCommandBase<RegisterClueDto> {}
