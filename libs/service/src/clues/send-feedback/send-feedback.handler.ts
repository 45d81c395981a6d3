import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { SendFeedbackCommand } from './send-feedback.command';

@CommandHandler(SendFeedbackCommand)
export class SendFeedbackHandler implements ICommandHandler<SendFeedbackCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute(command: SendFeedbackCommand): Promise<CommandOutcome> {
    const { body } = command;
    return this.executor.run(command, { type: 'SendFeedback', data: { summary: body.summary, ...(body.transferId ? { transferId: body.transferId } : {}) } });
  }
}
