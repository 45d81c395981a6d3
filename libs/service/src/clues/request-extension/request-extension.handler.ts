import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { RequestExtensionCommand } from './request-extension.command';

@CommandHandler(RequestExtensionCommand)
export class RequestExtensionHandler implements ICommandHandler<RequestExtensionCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute(command: RequestExtensionCommand): Promise<CommandOutcome> {
    const { transferId, days, reason } = command.body;
    return this.executor.run(command, { type: 'RequestExtension', data: { transferId, days, reason } });
  }
}
