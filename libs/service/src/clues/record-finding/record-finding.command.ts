import type { RecordFindingDto } from '@cluebus/contracts';
import { ClueCommandBase } from '../shared/clue-command.base';

/** 核查结论: 属实 / 部分属实 / 不属实 / 无法查实. */
export class RecordFindingCommand extends ClueCommandBase<RecordFindingDto> {}
