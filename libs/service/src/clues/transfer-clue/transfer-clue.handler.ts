import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandIds } from '../../commands/command-ids';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { transferTermsOf } from '../shared/transfer-terms.mapper';
import { TransferClueCommand } from './transfer-clue.command';

@CommandHandler(TransferClueCommand)
export class TransferClueHandler implements ICommandHandler<TransferClueCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute({ principal, body, clueId, idempotencyKey }: TransferClueCommand): Promise<CommandOutcome> {
    const ids = new CommandIds(principal.instance, idempotencyKey);
    return this.executor.execute(clueId, { type: 'TransferClue', data: transferTermsOf(body, ids.childId('transfer')) }, principal, ids, body.basis);
  }
}
