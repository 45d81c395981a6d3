import { NotFoundException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { VaultHolding } from '@cluebus/domain';
import { VisibleHistoryReader } from '../../clues/shared/visible-history';
import { IdTokenizer } from '../../identity/id-tokenizer';
import { type ErasureOutcome, PersonalDataCommandExecutor } from '../personal-data-command-executor';
import { EraseReporterDataCommand } from './erase-reporter-data.command';

@CommandHandler(EraseReporterDataCommand)
export class EraseReporterDataHandler implements ICommandHandler<EraseReporterDataCommand, ErasureOutcome> {
  constructor(
    private readonly reader: VisibleHistoryReader,
    private readonly tokenizer: IdTokenizer,
    private readonly executor: PersonalDataCommandExecutor,
  ) {}

  async execute({ principal, clueId, idempotencyKey }: EraseReporterDataCommand): Promise<ErasureOutcome> {
    // 404 for a clue the caller may not see; who may erase is the decider's (the registrar: 403 otherwise).
    const { state, reporter } = await this.reader.readRegistration(clueId, principal);
    if (!reporter.sealedToken && !reporter.clearInV1) {
      throw new NotFoundException({ code: 'PERSONAL_DATA_NOT_FOUND', field: 'id', message: `clue ${clueId} names no reporter` });
    }
    // A v1 event holds the identity in clear: the vault has no key for it, the erasure is recorded (and the read masks it) all the same.
    const alsoHeld: VaultHolding[] = reporter.clearInV1 ? [{ owner: state.registeredBy, keyGeneration: 0 }] : [];
    return this.executor.erase(reporter.sealedToken ?? this.tokenizer.reporterToken(clueId), 'reporter', principal, idempotencyKey, alsoHeld);
  }
}
