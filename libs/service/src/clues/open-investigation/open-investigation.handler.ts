import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { OpenInvestigationCommand } from './open-investigation.command';

@CommandHandler(OpenInvestigationCommand)
export class OpenInvestigationHandler implements ICommandHandler<OpenInvestigationCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute(command: OpenInvestigationCommand): Promise<CommandOutcome> {
    const { body } = command;
    const data = { basis: body.basis, ...(body.note ? { note: body.note } : {}), ...(body.subjects ? { subjects: [...body.subjects] } : {}) };
    return this.executor.run(command, { type: 'OpenInvestigation', data }, body.basis);
  }
}
