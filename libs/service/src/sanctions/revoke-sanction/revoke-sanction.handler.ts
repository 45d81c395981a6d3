import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SanctionCommandExecutor, type SanctionCommandOutcome } from '../sanction-command-executor';
import { RevokeSanctionCommand } from './revoke-sanction.command';

@CommandHandler(RevokeSanctionCommand)
export class RevokeSanctionHandler implements ICommandHandler<RevokeSanctionCommand, SanctionCommandOutcome> {
  constructor(private readonly executor: SanctionCommandExecutor) {}

  execute(command: RevokeSanctionCommand): Promise<SanctionCommandOutcome> {
    const { sanctionId, body } = command;
    return this.executor.run(command, { type: 'RevokeSanction', data: { sanctionId, reason: body.reason, effectiveOn: body.effectiveOn } });
  }
}
