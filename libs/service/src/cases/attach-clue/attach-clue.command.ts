import type { AttachClueDto } from '@cluebus/contracts';
import { CaseCommandBase } from '../shared/case-command.base';

/** The lead or a department with a track adds another clue it can see to the case. */
export class AttachClueCommand extends CaseCommandBase<AttachClueDto> {}
