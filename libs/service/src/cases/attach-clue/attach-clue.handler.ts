import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandIds } from '../../commands/command-ids';
import { CaseCommandExecutor, type CaseCommandOutcome } from '../case-command-executor';
import { AttachClueCommand } from './attach-clue.command';

@CommandHandler(AttachClueCommand)
export class AttachClueHandler implements ICommandHandler<AttachClueCommand, CaseCommandOutcome> {
  constructor(private readonly executor: CaseCommandExecutor) {}

  execute({ principal, body, caseId, idempotencyKey }: AttachClueCommand): Promise<CaseCommandOutcome> {
    return this.executor.execute(caseId, { type: 'AttachClue', data: { clueId: body.clueId } }, principal, new CommandIds(principal.instance, idempotencyKey));
  }
}
