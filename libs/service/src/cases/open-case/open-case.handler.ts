import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandIds } from '../../commands/command-ids';
import { CaseCommandExecutor, type CaseCommandOutcome } from '../case-command-executor';
import { OpenCaseCommand } from './open-case.command';

@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand, CaseCommandOutcome> {
  constructor(private readonly executor: CaseCommandExecutor) {}

  execute({ principal, body, idempotencyKey }: OpenCaseCommand): Promise<CaseCommandOutcome> {
    const ids = new CommandIds(principal.instance, idempotencyKey);
    // With an Idempotency-Key the case id is derived from it: a retry addresses the same stream (docs/adr/0003).
    const caseId = ids.aggregateId('case');
    return this.executor.execute(
      caseId,
      { type: 'OpenCase', data: { caseId, title: body.title, basis: body.basis, clueIds: [...body.clueIds] } },
      principal,
      ids,
      body.basis,
    );
  }
}
