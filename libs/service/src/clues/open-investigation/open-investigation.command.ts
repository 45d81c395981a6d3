import type { OpenInvestigationDto } from '@cluebus/contracts';
import { ClueCommandBase } from '../shared/clue-command.base';

/** 立案调查/核查: the department opens its investigation track on the clue. */
export class OpenInvestigationCommand extends ClueCommandBase<OpenInvestigationDto> {}
