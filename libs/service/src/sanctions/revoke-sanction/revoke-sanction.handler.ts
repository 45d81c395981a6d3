import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SanctionCommandExecutor, type SanctionCommandOutcome } from '../sanction-command-executor';
import { RevokeSanctionCommand } from './revoke-sanction.command';

@CommandHandler(RevokeSanctionCommand)
export class RevokeSanctionHandler implements ICommandHandler<RevokeSanctionCommand, SanctionCommandOutcome> {
  constructor(private readonly executor: SanctionCommandExecutor) {}

  execute({ principal, body, sanctionId, idempotencyKey }: RevokeSanctionCommand): Promise<SanctionCommandOutcome> {
    return this.executor.onSanction(
      sanctionId,
      { type: 'RevokeSanction', data: { sanctionId, reason: body.reason, effectiveOn: body.effectiveOn } },
      principal,
      SanctionCommandExecutor.ids(principal.instance, idempotencyKey),
    );
  }
}
