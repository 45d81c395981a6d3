import type { ForwardClueDto } from '@cluebus/contracts';
import { ClueCommandBase } from '../shared/clue-command.base';

/** 转办: a recipient that acknowledged the clue passes it on, keeping the chain of custody. */
export class ForwardClueCommand extends ClueCommandBase<ForwardClueDto> {}
