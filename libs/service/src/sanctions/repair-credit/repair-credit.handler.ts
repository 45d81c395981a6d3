import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SanctionCommandExecutor, type SanctionCommandOutcome } from '../sanction-command-executor';
import { RepairCreditCommand } from './repair-credit.command';

@CommandHandler(RepairCreditCommand)
export class RepairCreditHandler implements ICommandHandler<RepairCreditCommand, SanctionCommandOutcome> {
  constructor(private readonly executor: SanctionCommandExecutor) {}

  execute(command: RepairCreditCommand): Promise<SanctionCommandOutcome> {
    const { sanctionId, body } = command;
    return this.executor.run(command, { type: 'RepairCredit', data: { sanctionId, basis: body.basis, effectiveOn: body.effectiveOn } });
  }
}
