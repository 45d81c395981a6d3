import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { GrantExtensionCommand } from './grant-extension.command';

@CommandHandler(GrantExtensionCommand)
export class GrantExtensionHandler implements ICommandHandler<GrantExtensionCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute(command: GrantExtensionCommand): Promise<CommandOutcome> {
    const { transferId, recipient } = command.body;
    // An omitted recipient stays omitted: the domain picks the only open request, or says why not.
    return this.executor.run(command, { type: 'GrantExtension', data: { transferId, ...(recipient !== undefined ? { recipient } : {}) } });
  }
}
