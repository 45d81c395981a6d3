import type { DomainEventsOf } from '../envelope';
import type { SubjectKind } from './clue-events';

/**
 * 联合惩戒 — sanctions and credit ratings on a subject, as immutable facts, past tense. One stream
 * per subject (`subject-<key>`): an enterprise or institution keyed `uscc:<统一社会信用代码>`, a
 * person or official keyed by the keyed token of the ID number (`idt1:<hex>`), the same
 * SubjectRef the cases use. No personal data in clear: a person is named by token only, never
 * by name or ID number; an enterprise's name is not personal data and is kept for the blacklist.
 */

/** Who is sanctioned: kind and key; `name` only for enterprises and institutions. */
export interface SanctionedSubject {
  kind: SubjectKind;
  /** `uscc:<code>` or `idt1:<token>`. */
  key: string;
  uscc?: string;
  idToken?: string;
  /** Enterprise or institution name (not personal data); never set for persons and officials. */
  name?: string;
}

/** A credit rating's scheme and grade (医药价格和招采信用评价): the 2020 rules or the 2025 notice. */
export interface CreditRating {
  /** Scheme version from the catalogue, e.g. `nhsa-2020` or `nhsa-2025`. */
  scheme: string;
  /** The grade in that scheme, e.g. 严重失信. */
  grade: string;
}

/** What caused a record triggered by the memorandum (联合惩戒备忘录): the triggering event and rule. */
export interface SanctionTrigger {
  eventId: string;
  sanctionId: string;
  /** Memorandum rule id and version. */
  rule: string;
  memorandumVersion: string;
}

export interface SanctionImposed {
  sanctionId: string;
  subject: SanctionedSubject;
  /** The department instance that applies the measure (`code:region`). */
  department: string;
  /** Measure id from the catalogue of that department. */
  measure: string;
  /** `measure` or `notice` (a notice tells a department to act; it lists nothing of its own making). */
  measureKind: 'measure' | 'notice';
  catalogueVersion: string;
  rating?: CreditRating;
  legalBasis: string;
  /** The cases and finding events that caused it (ids), where known. */
  caseIds: string[];
  findingEventIds: string[];
  /** First and last day in force (YYYY-MM-DD, Asia/Shanghai); no end date: until revoked or repaired. */
  startsOn: string;
  endsOn?: string;
  trigger?: SanctionTrigger;
  /**
   * For a memorandum record: the department instance it is addressed to (= `department`), so the
   * relay ships it to that department's topic and it shows in its inbox as a notice (ADR 0004).
   */
  recipient?: string;
}

/** Why a sanction ended before or at its end date, with the date it stopped applying (YYYY-MM-DD). */
interface SanctionEnded {
  sanctionId: string;
  /** First day it no longer applies. */
  endedOn: string;
  /** For a record ended because its trigger ended: that event's id. */
  causeEventId?: string;
}

export interface SanctionRevoked extends SanctionEnded {
  by: string;
  reason: string;
}

/** Recorded by the expiry scheduler the day after `endsOn`. */
export type SanctionExpired = SanctionEnded;

/** 信用修复 (for a rating: 清零 after correction). */
export interface CreditRepaired extends SanctionEnded {
  by: string;
  basis: string;
}

export interface SubjectEventDataByType {
  SanctionImposed: SanctionImposed;
  SanctionRevoked: SanctionRevoked;
  SanctionExpired: SanctionExpired;
  CreditRepaired: CreditRepaired;
}

export type SubjectEventType = keyof SubjectEventDataByType;
export type SubjectEvent = DomainEventsOf<SubjectEventDataByType>;

export const SUBJECT_EVENT_VERSIONS: Record<SubjectEventType, number> = {
  SanctionImposed: 1,
  SanctionRevoked: 1,
  SanctionExpired: 1,
  CreditRepaired: 1,
};

export const SUBJECT_EVENT_TYPES = Object.keys(SUBJECT_EVENT_VERSIONS) as SubjectEventType[];

export const SUBJECT_STREAM_PREFIX = 'subject-';
export const subjectStreamId = (key: string): string => `${SUBJECT_STREAM_PREFIX}${key}`;
