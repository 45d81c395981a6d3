import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ErasureOutcome, PersonalDataCommandExecutor } from '../personal-data-command-executor';
import { EraseSubjectDataCommand } from './erase-subject-data.command';

@CommandHandler(EraseSubjectDataCommand)
export class EraseSubjectDataHandler implements ICommandHandler<EraseSubjectDataCommand, ErasureOutcome> {
  constructor(private readonly executor: PersonalDataCommandExecutor) {}

  execute({ principal, token, idempotencyKey }: EraseSubjectDataCommand): Promise<ErasureOutcome> {
    return this.executor.erase(token, 'subject', principal, idempotencyKey);
  }
}
