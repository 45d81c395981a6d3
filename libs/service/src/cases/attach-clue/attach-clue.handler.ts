import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandExecutor, type CaseCommandOutcome } from '../case-command-executor';
import { AttachClueCommand } from './attach-clue.command';

@CommandHandler(AttachClueCommand)
export class AttachClueHandler implements ICommandHandler<AttachClueCommand, CaseCommandOutcome> {
  constructor(private readonly executor: CaseCommandExecutor) {}

  execute(command: AttachClueCommand): Promise<CaseCommandOutcome> {
    const { body } = command;
    return this.executor.run(command, { type: 'AttachClue', data: { clueId: body.clueId } });
  }
}
