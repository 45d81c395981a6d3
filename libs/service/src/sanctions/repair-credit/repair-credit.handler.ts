import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SanctionCommandExecutor, type SanctionCommandOutcome } from '../sanction-command-executor';
import { RepairCreditCommand } from './repair-credit.command';

@CommandHandler(RepairCreditCommand)
export class RepairCreditHandler implements ICommandHandler<RepairCreditCommand, SanctionCommandOutcome> {
  constructor(private readonly executor: SanctionCommandExecutor) {}

  execute({ principal, body, sanctionId, idempotencyKey }: RepairCreditCommand): Promise<SanctionCommandOutcome> {
    return this.executor.onSanction(
      sanctionId,
      { type: 'RepairCredit', data: { sanctionId, basis: body.basis, effectiveOn: body.effectiveOn } },
      principal,
      SanctionCommandExecutor.ids(principal.instance, idempotencyKey),
    );
  }
}
