import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandExecutor, type CaseCommandOutcome } from '../case-command-executor';
import { ConcludeCaseCommand } from './conclude-case.command';

@CommandHandler(ConcludeCaseCommand)
export class ConcludeCaseHandler implements ICommandHandler<ConcludeCaseCommand, CaseCommandOutcome> {
  constructor(private readonly executor: CaseCommandExecutor) {}

  execute(command: ConcludeCaseCommand): Promise<CaseCommandOutcome> {
    const { body } = command;
    return this.executor.run(command, { type: 'ConcludeCase', data: { ...(body.summary !== undefined ? { summary: body.summary } : {}) } });
  }
}
