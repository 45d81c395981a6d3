import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../../config/cluebus-config';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { CommandIds } from '../command-ids';
import { transferTerms } from '../shared/recipients';
import { ForwardClueCommand } from './forward-clue.command';

@CommandHandler(ForwardClueCommand)
export class ForwardClueHandler implements ICommandHandler<ForwardClueCommand, CommandOutcome> {
  constructor(
    private readonly executor: ClueCommandExecutor,
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
  ) {}

  execute({ principal, body, clueId, idempotencyKey }: ForwardClueCommand): Promise<CommandOutcome> {
    const ids = new CommandIds(principal.instance, idempotencyKey);
    return this.executor.execute(
      clueId,
      {
        type: 'ForwardClue',
        data: {
          ...transferTerms(body, principal.instance, ids.newTransferId(), this.config),
          ...(body.viaTransferId ? { viaTransferId: body.viaTransferId } : {}),
        },
      },
      principal,
      ids,
      body.basis,
    );
  }
}
