import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandIds } from '../../commands/command-ids';
import { CaseCommandExecutor, type CaseCommandOutcome } from '../case-command-executor';
import { ConcludeTrackCommand } from './conclude-track.command';

@CommandHandler(ConcludeTrackCommand)
export class ConcludeTrackHandler implements ICommandHandler<ConcludeTrackCommand, CaseCommandOutcome> {
  constructor(private readonly executor: CaseCommandExecutor) {}

  execute({ principal, body, caseId, idempotencyKey }: ConcludeTrackCommand): Promise<CaseCommandOutcome> {
    return this.executor.execute(
      caseId,
      { type: 'ConcludeTrack', data: { outcome: body.outcome, summary: body.summary } },
      principal,
      new CommandIds(principal.instance, idempotencyKey),
    );
  }
}
