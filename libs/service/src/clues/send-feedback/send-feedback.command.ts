import type { SendFeedbackDto } from '@cluebus/contracts';
import { ClueCommandBase } from '../shared/clue-command.base';

/** 反馈: the loop closes only when the sender hears back. */
export class SendFeedbackCommand extends ClueCommandBase<SendFeedbackDto> {}
