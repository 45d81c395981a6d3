import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandIds } from '../../commands/command-ids';
import { CaseCommandExecutor, type CaseCommandOutcome } from '../case-command-executor';
import { ConcludeCaseCommand } from './conclude-case.command';

@CommandHandler(ConcludeCaseCommand)
export class ConcludeCaseHandler implements ICommandHandler<ConcludeCaseCommand, CaseCommandOutcome> {
  constructor(private readonly executor: CaseCommandExecutor) {}

  execute({ principal, body, caseId, idempotencyKey }: ConcludeCaseCommand): Promise<CaseCommandOutcome> {
    return this.executor.execute(
      caseId,
      { type: 'ConcludeCase', data: { ...(body.summary !== undefined ? { summary: body.summary } : {}) } },
      principal,
      new CommandIds(principal.instance, idempotencyKey),
    );
  }
}
