import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { sanctionedSubjectOf } from '@cluebus/domain';
import { IdTokenizer } from '../../identity/id-tokenizer';
import { SanctionCommandExecutor, type SanctionCommandOutcome } from '../sanction-command-executor';
import { SanctionIndex } from '../shared/sanction-index';
import { ImposeSanctionCommand } from './impose-sanction.command';

/** More than the memorandum can trigger from one measure (the catalogue's largest rule has two). */
const TRIGGERED_ID_SLOTS = 8;

@CommandHandler(ImposeSanctionCommand)
export class ImposeSanctionHandler implements ICommandHandler<ImposeSanctionCommand, SanctionCommandOutcome> {
  constructor(
    private readonly executor: SanctionCommandExecutor,
    private readonly index: SanctionIndex,
    private readonly tokenizer: IdTokenizer,
  ) {}

  async execute({ principal, body, idempotencyKey }: ImposeSanctionCommand): Promise<SanctionCommandOutcome> {
    const ids = SanctionCommandExecutor.ids(principal.instance, idempotencyKey);
    // With an Idempotency-Key the ids are derived from it: a retry addresses the same sanction (docs/adr/0003).
    const sanctionId = ids.aggregateId('sanction');
    const triggeredSanctionIds = Array.from({ length: TRIGGERED_ID_SLOTS }, (_, i) => ids.childId(`memorandum/${i}`));
    const { kind, uscc, idNumber, name } = body.subject;
    const organisation = kind === 'enterprise' || kind === 'institution';
    // The clear ID number stops here: only its token goes on (stream key, event, index).
    const subject = sanctionedSubjectOf({ kind, uscc, ...(organisation ? { name } : { idToken: this.tokenizer.tokenize(idNumber!) }) });
    await this.index.record([sanctionId, ...triggeredSanctionIds], subject.key);
    return this.executor.execute(
      subject.key,
      sanctionId,
      {
        type: 'ImposeSanction',
        data: {
          sanctionId,
          subject,
          measure: body.measure,
          ...(body.rating ? { rating: { scheme: body.rating.scheme, grade: body.rating.grade } } : {}),
          legalBasis: body.legalBasis,
          caseIds: [...(body.caseIds ?? [])],
          findingEventIds: [...(body.findingEventIds ?? [])],
          startsOn: body.startsOn,
          ...(body.endsOn ? { endsOn: body.endsOn } : {}),
          triggeredSanctionIds,
          ...(!organisation && name !== undefined ? { personName: '(withheld)' } : {}),
        },
      },
      principal,
      ids,
      body.legalBasis,
    );
  }
}
