import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClueCommandExecutor, type CommandOutcome } from '../clue-command-executor';
import { RecordFindingCommand } from './record-finding.command';

@CommandHandler(RecordFindingCommand)
export class RecordFindingHandler implements ICommandHandler<RecordFindingCommand, CommandOutcome> {
  constructor(private readonly executor: ClueCommandExecutor) {}

  execute(command: RecordFindingCommand): Promise<CommandOutcome> {
    const { body } = command;
    return this.executor.run(command, {
      type: 'RecordFinding',
      data: {
        result: body.result,
        summary: body.summary,
        ...(body.evidence ? { evidence: body.evidence.map(({ sha256, name, mediaType }) => ({ sha256, name, ...(mediaType !== undefined ? { mediaType } : {}) })) } : {}),
        ...(body.subjects ? { subjects: [...body.subjects] } : {}),
      },
    });
  }
}
