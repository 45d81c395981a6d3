import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { DenyExtensionCommand } from './deny-extension.command';

@CommandHandler(DenyExtensionCommand)
export class DenyExtensionHandler implements ICommandHandler<DenyExtensionCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute(command: DenyExtensionCommand): Promise<CommandOutcome> {
    const { transferId, recipient, reason } = command.body;
    return this.executor.run(command, { type: 'DenyExtension', data: { transferId, reason, ...(recipient !== undefined ? { recipient } : {}) } });
  }
}
