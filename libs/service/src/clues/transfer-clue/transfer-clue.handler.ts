import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ROUTING_POLICY_V1 } from '@cluebus/domain';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../../config/cluebus-config';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { CommandIds } from '../command-ids';
import { transferTerms } from '../shared/recipients';
import { TransferClueCommand } from './transfer-clue.command';

@CommandHandler(TransferClueCommand)
export class TransferClueHandler implements ICommandHandler<TransferClueCommand, CommandOutcome> {
  constructor(
    private readonly executor: ClueCommandExecutor,
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
  ) {}

  execute({ principal, body, clueId, idempotencyKey }: TransferClueCommand): Promise<CommandOutcome> {
    const ids = new CommandIds(principal.instance, idempotencyKey);
    return this.executor.execute(
      clueId,
      {
        type: 'TransferClue',
        data: { ...transferTerms(body, principal.instance, ids.newTransferId(), this.config), policyVersion: ROUTING_POLICY_V1.version },
      },
      principal,
      ids,
      body.basis,
    );
  }
}
