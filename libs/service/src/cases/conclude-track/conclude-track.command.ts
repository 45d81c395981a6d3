import type { ConcludeTrackDto } from '@cluebus/contracts';
import { CaseCommandBase } from '../shared/case-command.base';

/** 办结: a department concludes its own track on the case with an outcome and a summary. */
export class ConcludeTrackCommand extends CaseCommandBase<ConcludeTrackDto> {}
