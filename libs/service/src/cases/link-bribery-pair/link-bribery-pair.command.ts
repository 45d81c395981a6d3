import type { LinkBriberyPairDto } from '@cluebus/contracts';
import { CaseCommandBase } from '../shared/case-command.base';

/** 行贿受贿一起查: the lead or a track holder links a briber and a bribe-taker of the case's clues, by subject reference. */
export class LinkBriberyPairCommand extends CaseCommandBase<LinkBriberyPairDto> {}
