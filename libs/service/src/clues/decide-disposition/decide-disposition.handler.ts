import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { DecideDispositionCommand } from './decide-disposition.command';

@CommandHandler(DecideDispositionCommand)
export class DecideDispositionHandler implements ICommandHandler<DecideDispositionCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute(command: DecideDispositionCommand): Promise<CommandOutcome> {
    const { body } = command;
    return this.executor.run(command, { type: 'DecideDisposition', data: { measures: body.measures.map((m) => ({ ...m })) } });
  }
}
