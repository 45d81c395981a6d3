import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { AcknowledgeTransferCommand } from './acknowledge-transfer.command';

@CommandHandler(AcknowledgeTransferCommand)
export class AcknowledgeTransferHandler implements ICommandHandler<AcknowledgeTransferCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute(command: AcknowledgeTransferCommand): Promise<CommandOutcome> {
    const { body } = command;
    return this.executor.run(command, { type: 'AcknowledgeTransfer', data: { transferId: body.transferId } });
  }
}
