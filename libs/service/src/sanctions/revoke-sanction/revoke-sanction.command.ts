import type { RevokeSanctionDto } from '@cluebus/contracts';
import { SanctionCommandBase } from '../shared/sanction-command.base';

/** The sanctioning department revokes its sanction (撤销); the records it triggered end with it. */
export class RevokeSanctionCommand extends SanctionCommandBase<RevokeSanctionDto> {}
