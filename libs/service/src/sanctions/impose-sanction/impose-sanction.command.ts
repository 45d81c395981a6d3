import type { ImposeSanctionDto } from '@cluebus/contracts';
import { SanctionCommandBase } from '../shared/sanction-command.base';

/** A department imposes a measure of its own catalogue on a subject (联合惩戒); the memorandum records the triggered ones. */
export class ImposeSanctionCommand extends SanctionCommandBase<ImposeSanctionDto> {}
