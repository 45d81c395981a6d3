import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandIds } from '../../commands/command-ids';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { transferTermsOf } from '../shared/transfer-terms.mapper';
import { ForwardClueCommand } from './forward-clue.command';

@CommandHandler(ForwardClueCommand)
export class ForwardClueHandler implements ICommandHandler<ForwardClueCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute({ principal, body, clueId, idempotencyKey }: ForwardClueCommand): Promise<CommandOutcome> {
    const ids = new CommandIds(principal.instance, idempotencyKey);
    const data = { ...transferTermsOf(body, ids.childId('transfer')), ...(body.viaTransferId ? { viaTransferId: body.viaTransferId } : {}) };
    return this.executor.execute(clueId, { type: 'ForwardClue', data }, principal, ids, body.basis);
  }
}
