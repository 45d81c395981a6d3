import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SubjectRecord } from '@cluebus/contracts';
import { IdTokenizer } from '../../identity/id-tokenizer';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { CommandIds } from '../../commands/command-ids';
import { RegisterClueCommand } from './register-clue.command';

@CommandHandler(RegisterClueCommand)
export class RegisterClueHandler implements ICommandHandler<RegisterClueCommand, CommandOutcome> {
  constructor(
    private readonly executor: ClueCommandExecutor,
    private readonly tokenizer: IdTokenizer,
  ) {}

  execute({ principal, body, idempotencyKey }: RegisterClueCommand): Promise<CommandOutcome> {
    const ids = new CommandIds(principal.instance, idempotencyKey);
    const clueId = ids.aggregateId('clue');
    // The clear ID number stops here: only its keyed token reaches the event.
    const subjects: SubjectRecord[] = body.subjects.map(({ idNumber, ...s }) => ({
      ...s,
      ...(idNumber ? { idToken: this.tokenizer.tokenize(idNumber) } : {}),
    }));
    return this.executor.execute(
      clueId,
      {
        type: 'RegisterClue',
        data: {
          clueId,
          source: body.source,
          category: body.category,
          alsoConcerns: body.alsoConcerns ?? [],
          summary: body.summary,
          subjects,
          attachments: body.attachments ?? [],
          ...(body.reporter ? { reporter: { ...body.reporter } } : {}),
          ...(body.amountYuan !== undefined ? { amountYuan: body.amountYuan } : {}),
        },
      },
      principal,
      ids,
    );
  }
}
