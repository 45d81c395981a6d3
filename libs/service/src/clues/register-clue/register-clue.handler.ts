import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataSealer } from '../../personal-data/seal/personal-data-sealer';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { CommandIds } from '../../commands/command-ids';
import { RegisterClueCommand } from './register-clue.command';

@CommandHandler(RegisterClueCommand)
export class RegisterClueHandler implements ICommandHandler<RegisterClueCommand, CommandOutcome> {
  constructor(
    private readonly executor: ClueCommandExecutor,
    private readonly sealer: PersonalDataSealer,
  ) {}

  async execute({ principal, body, idempotencyKey }: RegisterClueCommand): Promise<CommandOutcome> {
    const ids = new CommandIds(principal.instance, idempotencyKey);
    const clueId = ids.aggregateId('clue');
    // Clear personal data stops here: the vault keeps it, the event gets tokens and commitments (docs/adr/0010).
    const { subjects, reporter, undo } = await this.sealer.sealRegistration(clueId, principal.instance, body);
    const command = {
      type: 'RegisterClue' as const,
      data: {
        clueId,
        source: body.source,
        category: body.category,
        alsoConcerns: body.alsoConcerns ?? [],
        summary: body.summary,
        subjects,
        attachments: body.attachments ?? [],
        ...(reporter ? { reporter } : {}),
        ...(body.amountYuan !== undefined ? { amountYuan: body.amountYuan } : {}),
      },
    };
    try {
      return await this.executor.execute(clueId, command, principal, ids);
    } catch (error) {
      // Refused (or failed): what this request sealed goes again — a refusal stores nothing.
      await undo();
      throw error;
    }
  }
}
