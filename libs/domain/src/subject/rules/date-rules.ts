import { DomainError } from '../../domain-error';
import { BusinessRule } from '../../clue/rules/business-rule';
import { SubjectErrorCodes } from '../subject-error-codes';

/** A calendar day YYYY-MM-DD that exists (no 2026-02-30). */
export function isRealDay(day: string): boolean {
  const at = new Date(`${day}T00:00:00.000Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
}

/** The day after `day` (YYYY-MM-DD). */
export function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
}

export class DayMustExist extends BusinessRule {
  constructor(
    private readonly day: string | undefined,
    private readonly field: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.day !== undefined && !isRealDay(this.day);
  }
  error(): DomainError {
    return new DomainError(SubjectErrorCodes.INVALID_DATE, `${this.field} ${this.day} is not a calendar day`, this.field);
  }
}

/** The end (last day in force, or the day an ending takes effect) is not before the start. */
export class SanctionMustNotEndBeforeStart extends BusinessRule {
  constructor(
    private readonly startsOn: string,
    private readonly end: string | undefined,
    private readonly field: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.end !== undefined && this.end < this.startsOn;
  }
  error(): DomainError {
    return new DomainError(SubjectErrorCodes.END_BEFORE_START, `${this.field} ${this.end} is before the start ${this.startsOn}`, this.field);
  }
}
