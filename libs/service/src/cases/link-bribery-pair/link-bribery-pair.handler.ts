import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandIds } from '../../commands/command-ids';
import { CaseCommandExecutor, type CaseCommandOutcome } from '../case-command-executor';
import { LinkBriberyPairCommand } from './link-bribery-pair.command';

@CommandHandler(LinkBriberyPairCommand)
export class LinkBriberyPairHandler implements ICommandHandler<LinkBriberyPairCommand, CaseCommandOutcome> {
  constructor(private readonly executor: CaseCommandExecutor) {}

  execute({ principal, body, caseId, idempotencyKey }: LinkBriberyPairCommand): Promise<CaseCommandOutcome> {
    return this.executor.execute(
      caseId,
      { type: 'LinkBriberyPair', data: { briber: body.briber, bribeTaker: body.bribeTaker } },
      principal,
      new CommandIds(principal.instance, idempotencyKey),
    );
  }
}
