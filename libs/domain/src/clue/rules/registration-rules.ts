import { isPersonalSubjectKind, type ClueRegistered, type ReporterRecord } from '@cluebus/contracts';
import { DomainError } from '../../domain-error';
import { ClueErrorCodes } from '../clue-error-codes';
import { BusinessRule } from './business-rule';

/** The amount involved, when known, is a finite number of yuan ≥ 0 (thresholds key on it). */
export class AmountMustBeNonNegative extends BusinessRule {
  constructor(private readonly amountYuan: number | undefined) {
    super();
  }
  isBroken(): boolean {
    return this.amountYuan !== undefined && !(Number.isFinite(this.amountYuan) && this.amountYuan >= 0);
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.INVALID_AMOUNT, 'amountYuan must be a finite number ≥ 0', 'amountYuan');
  }
}

/**
 * A person's or official's name never enters the log in clear (PIPL; docs/adr/0010): each must
 * arrive sealed — the vault's token and the name's commitment — and without a clear name; an
 * enterprise or institution keeps its name in clear. So does the reporter's identity: sealed or
 * anonymous. A defence in depth: the service seals before it decides.
 */
export class PersonalDataMustBeSealed extends BusinessRule {
  constructor(private readonly registration: Pick<ClueRegistered, 'subjects' | 'reporter'>) {
    super();
  }
  private firstClearField(): string | undefined {
    const i = this.registration.subjects.findIndex((s) =>
      isPersonalSubjectKind(s.kind) ? s.name !== undefined || !s.personalData?.commitments.name : !s.name,
    );
    if (i >= 0) return `subjects[${i}].name`;
    const reporter = this.registration.reporter as (ReporterRecord & { name?: unknown; contact?: unknown }) | undefined;
    if (reporter && (reporter.name !== undefined || reporter.contact !== undefined)) return 'reporter';
    return undefined;
  }
  isBroken(): boolean {
    return this.firstClearField() !== undefined;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.PERSONAL_DATA_NOT_SEALED, 'a person\'s name and the reporter\'s identity are kept sealed in the vault; an enterprise needs its name', this.firstClearField());
  }
}
