import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandExecutor, type CaseCommandOutcome } from '../case-command-executor';
import { LinkBriberyPairCommand } from './link-bribery-pair.command';

@CommandHandler(LinkBriberyPairCommand)
export class LinkBriberyPairHandler implements ICommandHandler<LinkBriberyPairCommand, CaseCommandOutcome> {
  constructor(private readonly executor: CaseCommandExecutor) {}

  execute(command: LinkBriberyPairCommand): Promise<CaseCommandOutcome> {
    const { body } = command;
    return this.executor.run(command, { type: 'LinkBriberyPair', data: { briber: body.briber, bribeTaker: body.bribeTaker } });
  }
}
