import { departmentCodeOf } from '@cluebus/contracts/departments';
import type { CreditRating, SanctionedSubject } from '@cluebus/contracts';
import { DomainError } from '../../domain-error';
import { BusinessRule } from '../../clue/rules/business-rule';
import { findMeasure, findScheme, type SanctionCatalogue, type SanctionMeasure } from '../catalogue/sanction-catalogue';
import { SubjectErrorCodes } from '../subject-error-codes';

const err = (code: string, message: string, field?: string) => new DomainError(code, message, field);

/** A department imposes only measures of its own catalogue (the memorandum triggers the others'). */
export class SanctionMeasureMustBeInCatalogue extends BusinessRule {
  constructor(
    private readonly catalogue: SanctionCatalogue,
    private readonly actor: string,
    private readonly measure: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return !findMeasure(this.catalogue, departmentCodeOf(this.actor), this.measure);
  }
  error(): DomainError {
    const code = departmentCodeOf(this.actor);
    const others = this.catalogue.measures.filter((m) => m.id === this.measure).map((m) => m.department);
    if (others.length > 0) {
      return err(SubjectErrorCodes.MEASURE_OF_ANOTHER_DEPARTMENT, `measure ${this.measure} is applied by ${others.join(', ')}, not by ${code}`, 'measure');
    }
    const own = this.catalogue.measures.filter((m) => m.department === code && m.kind === 'measure').map((m) => m.id);
    return err(SubjectErrorCodes.MEASURE_NOT_IN_CATALOGUE, `measure ${this.measure} is not in ${code}'s catalogue (${this.catalogue.version}): one of ${own.join(', ')}`, 'measure');
  }
}

/** A notice (联合惩戒通报) is what the memorandum records in a department; no one imposes one by hand. */
export class NoticesAreTriggeredNotImposed extends BusinessRule {
  constructor(private readonly measure: SanctionMeasure) {
    super();
  }
  isBroken(): boolean {
    return this.measure.kind === 'notice';
  }
  error(): DomainError {
    return err(SubjectErrorCodes.MEASURE_NOT_IN_CATALOGUE, `${this.measure.id} is a notice the memorandum records, not a measure to impose`, 'measure');
  }
}

/** E.g. 暂停医保支付资格 is for doctors (persons), 企业信用信息公示 for enterprises. */
export class MeasureMustFitSubjectKind extends BusinessRule {
  constructor(
    private readonly measure: SanctionMeasure,
    private readonly subject: SanctionedSubject,
  ) {
    super();
  }
  isBroken(): boolean {
    return !this.measure.subjectKinds.includes(this.subject.kind);
  }
  error(): DomainError {
    return err(SubjectErrorCodes.MEASURE_NOT_FOR_SUBJECT_KIND, `measure ${this.measure.id} applies to ${this.measure.subjectKinds.join(', ')}, not to ${this.subject.kind}`, 'subject.kind');
  }
}

/** A rating measure records its scheme and grade; any other measure has none. */
export class RatingMustMatchMeasure extends BusinessRule {
  constructor(
    private readonly measure: SanctionMeasure,
    private readonly rating: CreditRating | undefined,
  ) {
    super();
  }
  isBroken(): boolean {
    return (this.measure.rating === 'required') !== (this.rating !== undefined);
  }
  error(): DomainError {
    return this.rating === undefined
      ? err(SubjectErrorCodes.RATING_REQUIRED, `measure ${this.measure.id} is a credit rating: give rating.scheme and rating.grade`, 'rating')
      : err(SubjectErrorCodes.RATING_NOT_APPLICABLE, `measure ${this.measure.id} takes no rating`, 'rating');
  }
}

/** The scheme is one of the catalogue's (2020 or 2025) and of the imposing department; the grade is one of that scheme's. */
export class RatingSchemeAndGradeMustBeKnown extends BusinessRule {
  constructor(
    private readonly catalogue: SanctionCatalogue,
    private readonly actor: string,
    private readonly rating: CreditRating,
  ) {
    super();
  }
  private get scheme() {
    const s = findScheme(this.catalogue, this.rating.scheme);
    return s && s.department === departmentCodeOf(this.actor) ? s : undefined;
  }
  isBroken(): boolean {
    return !this.scheme?.grades.some((g) => g.grade === this.rating.grade);
  }
  error(): DomainError {
    const scheme = this.scheme;
    if (!scheme) return err(SubjectErrorCodes.UNKNOWN_RATING_SCHEME, `unknown rating scheme ${this.rating.scheme}: one of ${this.catalogue.schemes.map((s) => s.id).join(', ')}`, 'rating.scheme');
    return err(SubjectErrorCodes.UNKNOWN_RATING_GRADE, `grade ${this.rating.grade} is not in ${scheme.id}: one of ${scheme.grades.map((g) => g.grade).join(', ')}`, 'rating.grade');
  }
}

/** New ratings under the 2020 rules end with the 2025 notice (applied from Q3 2025); the old ones stay published until cleared. */
export class RatingSchemeMustBeInForceOnStart extends BusinessRule {
  constructor(
    private readonly catalogue: SanctionCatalogue,
    private readonly rating: CreditRating,
    private readonly startsOn: string,
  ) {
    super();
  }
  isBroken(): boolean {
    const s = findScheme(this.catalogue, this.rating.scheme);
    return !!s && ((s.newRatingsFrom !== undefined && this.startsOn < s.newRatingsFrom) || (s.newRatingsUntil !== undefined && this.startsOn > s.newRatingsUntil));
  }
  error(): DomainError {
    const s = findScheme(this.catalogue, this.rating.scheme)!;
    return err(SubjectErrorCodes.RATING_SCHEME_NOT_IN_FORCE, `scheme ${s.id} takes new ratings ${s.newRatingsFrom ? `from ${s.newRatingsFrom}` : `until ${s.newRatingsUntil}`}, not on ${this.startsOn}`, 'rating.scheme');
  }
}

/** A person's name is personal data (the vault holds it): a sanction names a person by ID token only. */
export class PersonNameIsNotAccepted extends BusinessRule {
  constructor(
    private readonly subject: SanctionedSubject,
    private readonly personName: string | undefined,
  ) {
    super();
  }
  isBroken(): boolean {
    return (this.subject.kind === 'person' || this.subject.kind === 'official') && this.personName !== undefined;
  }
  error(): DomainError {
    return err(SubjectErrorCodes.PERSON_NAME_NOT_ACCEPTED, 'a person is named by idNumber only (tokenised); the name is personal data and is not taken here', 'subject.name');
  }
}
