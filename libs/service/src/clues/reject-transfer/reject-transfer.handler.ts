import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { RejectTransferCommand } from './reject-transfer.command';

@CommandHandler(RejectTransferCommand)
export class RejectTransferHandler implements ICommandHandler<RejectTransferCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute(command: RejectTransferCommand): Promise<CommandOutcome> {
    const { body } = command;
    return this.executor.run(command, { type: 'RejectTransfer', data: { transferId: body.transferId, reason: body.reason } });
  }
}
