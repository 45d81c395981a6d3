import type { DecideDispositionDto } from '@cluebus/contracts';
import { ClueCommandBase } from '../shared/clue-command.base';

/** 处理决定: what was done (处分, 行政处罚, 立案, 移送司法, 信用评级 …). */
export class DecideDispositionCommand extends ClueCommandBase<DecideDispositionDto> {}
