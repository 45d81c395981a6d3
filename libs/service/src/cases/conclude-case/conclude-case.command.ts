import type { ConcludeCaseDto } from '@cluebus/contracts';
import { CaseCommandBase } from '../shared/case-command.base';

/** 结案: the lead unit concludes the case, once every department's track is concluded. */
export class ConcludeCaseCommand extends CaseCommandBase<ConcludeCaseDto> {}
