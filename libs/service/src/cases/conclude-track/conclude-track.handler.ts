import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandExecutor, type CaseCommandOutcome } from '../case-command-executor';
import { ConcludeTrackCommand } from './conclude-track.command';

@CommandHandler(ConcludeTrackCommand)
export class ConcludeTrackHandler implements ICommandHandler<ConcludeTrackCommand, CaseCommandOutcome> {
  constructor(private readonly executor: CaseCommandExecutor) {}

  execute(command: ConcludeTrackCommand): Promise<CaseCommandOutcome> {
    const { body } = command;
    return this.executor.run(command, { type: 'ConcludeTrack', data: { outcome: body.outcome, summary: body.summary } });
  }
}
