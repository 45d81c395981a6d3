import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { IssueSupervisionCommand } from './issue-supervision.command';

@CommandHandler(IssueSupervisionCommand)
export class IssueSupervisionHandler implements ICommandHandler<IssueSupervisionCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute(command: IssueSupervisionCommand): Promise<CommandOutcome> {
    const { transferId, note, dueBy } = command.body;
    return this.executor.run(command, { type: 'IssueSupervision', data: { transferId, note, dueBy } });
  }
}
