import {
  SUBJECT_REF_PATTERN,
  CLUE_CATEGORIES,
  CLUE_EVENT_VERSIONS,
  CLUE_SOURCES,
  DISPOSITION_KINDS,
  FINDING_RESULTS,
  isDepartmentInstance,
  isPersonalSubjectKind,
  PERSONAL_DATA_TOKEN_PATTERN,
  SUBJECT_KINDS,
  SUBJECT_ROLES,
  type ClueEvent,
  type SubjectRecord,
} from '@cluebus/contracts';
import { MAX_EXTENSION_WORKING_DAYS, parseDeadline } from '@cluebus/domain';

/*
 * The clue events' schema, as checks on the data (test-only). Nothing checks an event's data
 * on write: the store takes any JSON, and the TypeScript interfaces in
 * libs/contracts/src/events/clue-events.ts vanish at run time. So the property tests state the
 * schema here — from those interfaces, their enums and comments, and what the SQL stores refuse
 * (U+0000) — and hold every event the decider emits to it.
 */

type Check = (value: unknown) => string | undefined;
interface Shape {
  required: Record<string, Check>;
  optional?: Record<string, Check>;
}

const fail = (what: string) => (ok: boolean) => (ok ? undefined : what);
const string: Check = (v) => fail('a string')(typeof v === 'string');
/** Required text the domain insists on (BasisIsRequired, SummaryIsRequired …): not blank. */
const text: Check = (v) => fail('a non-blank string')(typeof v === 'string' && v.trim() !== '');
const nonEmpty: Check = (v) => fail('a non-empty string')(typeof v === 'string' && v.length > 0);
const bool: Check = (v) => fail('a boolean')(typeof v === 'boolean');
const oneOf = (values: readonly string[]): Check => (v) => fail(`one of ${values.join('|')}`)(typeof v === 'string' && values.includes(v));
const uuid: Check = (v) => fail('a UUID')(typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v));
const instance: Check = (v) => fail('a department instance code:region')(isDepartmentInstance(v));
const deadline: Check = (v) => fail('an ISO-8601 date-time with a zone')(typeof v === 'string' && parseDeadline(v) !== undefined);
/** GB 32100 alphabet and length (the check character is the DTO's business; fixtures use made-up codes). */
const uscc: Check = (v) => fail('a unified social credit code')(typeof v === 'string' && /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v));
const subjectRef: Check = (v) => fail('a subject reference')(typeof v === 'string' && SUBJECT_REF_PATTERN.test(v));
/** Working days of an extension (ExtensionDaysWithinPolicy: a whole number from 1 to the cap). */
const extensionDays: Check = (v) => fail(`a whole number of days from 1 to ${MAX_EXTENSION_WORKING_DAYS}`)(typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_EXTENSION_WORKING_DAYS);
const amount: Check = (v) => fail('a finite amount ≥ 0')(typeof v === 'number' && Number.isFinite(v) && v >= 0);

const object = (shape: Shape): Check => (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'an object';
  const problems = shapeViolations(v as Record<string, unknown>, shape);
  return problems.length ? problems.join('; ') : undefined;
};
const arrayOf = (item: Check, { min = 0, distinct = false } = {}): Check => (v) => {
  if (!Array.isArray(v)) return 'an array';
  if (v.length < min) return `an array of at least ${min}`;
  if (distinct && new Set(v).size !== v.length) return 'an array without repeats';
  for (const [i, x] of v.entries()) {
    const p = item(x);
    if (p) return `[${i}]: ${p}`;
  }
  return undefined;
};

const attachment = object({ required: { sha256: (v) => fail('64 hex characters')(typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)), name: nonEmpty }, optional: { mediaType: string } });
/** ClueRegistered v2 (docs/adr/0010): personal data as a token and hex SHA-256 commitments only. */
const sha256Hex: Check = (v) => fail('64 hex characters')(typeof v === 'string' && /^[0-9a-f]{64}$/.test(v));
const sealed = object({
  required: { token: (v) => fail('a vault token')(typeof v === 'string' && PERSONAL_DATA_TOKEN_PATTERN.test(v)), commitments: object({ required: {}, optional: { name: sha256Hex, idNumber: sha256Hex, contact: sha256Hex } }) },
});
const subject: Check = (v) =>
  object({ required: { kind: oneOf(SUBJECT_KINDS) }, optional: { name: nonEmpty, role: oneOf(SUBJECT_ROLES), uscc, idToken: nonEmpty, personalData: sealed, position: string, isOfficial: bool } })(v) ??
  (isPersonalSubjectKind((v as SubjectRecord).kind)
    ? fail('a person sealed: personalData with a name commitment, no clear name')((v as SubjectRecord).name === undefined && (v as SubjectRecord).personalData?.commitments.name !== undefined)
    : fail('an enterprise or institution with its name')((v as SubjectRecord).name !== undefined));
const transferTerms = { clueId: uuid, transferId: uuid, from: instance, to: arrayOf(instance, { min: 1, distinct: true }), basis: text, acknowledgeBy: deadline, feedbackBy: deadline };
const measure = object({ required: { kind: oneOf(DISPOSITION_KINDS), detail: nonEmpty }, optional: { basis: string } });

const SHAPES: Record<ClueEvent['type'], Shape> = {
  ClueRegistered: {
    required: {
      clueId: uuid,
      registeredBy: instance,
      source: oneOf(CLUE_SOURCES),
      category: oneOf(CLUE_CATEGORIES),
      alsoConcerns: arrayOf(oneOf(CLUE_CATEGORIES), { distinct: true }),
      // Not blank, as a finding's or a feedback's summary must be (SummaryIsRequired)? The DTO's
      // IsNotEmpty lets '  ' through and RegisterClue checks no summary: only non-empty holds.
      summary: nonEmpty,
      subjects: arrayOf(subject, { min: 1 }),
      attachments: arrayOf(attachment),
    },
    optional: { reporter: object({ required: { anonymous: bool }, optional: { personalData: sealed } }), amountYuan: amount },
  },
  ClueTransferred: { required: transferTerms, optional: { note: string, policyVersion: nonEmpty } },
  ClueForwarded: { required: { ...transferTerms, viaTransferId: uuid }, optional: { note: string } },
  TransferAcknowledged: { required: { clueId: uuid, transferId: uuid, by: instance } },
  TransferRejected: { required: { clueId: uuid, transferId: uuid, by: instance, reason: text } },
  InvestigationOpened: { required: { clueId: uuid, by: instance, basis: text }, optional: { note: string, subjects: arrayOf(subjectRef) } },
  FindingRecorded: { required: { clueId: uuid, by: instance, result: oneOf(FINDING_RESULTS), summary: text, evidence: arrayOf(attachment) }, optional: { subjects: arrayOf(subjectRef) } },
  DispositionDecided: { required: { clueId: uuid, by: instance, measures: arrayOf(measure, { min: 1 }) } },
  FeedbackSent: { required: { clueId: uuid, by: instance, to: instance, transferId: uuid, summary: text } },
  TransferOverdue: { required: { clueId: uuid, transferId: uuid, recipient: instance, deadline: oneOf(['acknowledge', 'feedback']), dueAt: deadline } },
  SupervisionIssued: {
    required: {
      clueId: uuid,
      transferId: uuid,
      level: (v) => fail('a level ≥ 1')(typeof v === 'number' && Number.isInteger(v) && v >= 1),
      note: text,
      dueBy: deadline,
      by: instance,
      recipients: arrayOf(instance, { min: 1, distinct: true }),
    },
  },
  TransferExtensionRequested: {
    required: { clueId: uuid, transferId: uuid, by: instance, to: instance, deadline: oneOf(['acknowledge', 'feedback']), days: extensionDays, reason: text, currentDueAt: deadline },
  },
  TransferExtensionGranted: {
    required: { clueId: uuid, transferId: uuid, by: instance, recipient: instance, deadline: oneOf(['acknowledge', 'feedback']), days: extensionDays, previousDueAt: deadline, dueAt: deadline },
  },
  TransferExtensionDenied: { required: { clueId: uuid, transferId: uuid, by: instance, recipient: instance, deadline: oneOf(['acknowledge', 'feedback']), reason: text } },
};

function shapeViolations(data: Record<string, unknown>, shape: Shape): string[] {
  const problems: string[] = [];
  const optional = shape.optional ?? {};
  for (const key of Object.keys(data)) if (!(key in shape.required) && !(key in optional)) problems.push(`${key}: not in the schema`);
  for (const [key, check] of Object.entries(shape.required)) {
    if (!(key in data)) problems.push(`${key}: missing`);
    else {
      const p = check(data[key]);
      if (p) problems.push(`${key}: must be ${p}`);
    }
  }
  for (const [key, check] of Object.entries(optional)) {
    if (!(key in data)) continue;
    const p = check(data[key]);
    if (p) problems.push(`${key}: must be ${p}`);
  }
  return problems;
}

/** Strings anywhere in a value (keys included). */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      yield k;
      yield* strings(v);
    }
  }
}

/**
 * Why `event` does not pass its schema ([] when it does): a known type, data of its shape as it
 * will be stored, no U+0000 (the SQL stores refuse it) and, for transfers and forwards, a
 * feedback deadline not before the acknowledge deadline.
 *
 * The data is checked as stored, i.e. after JSON: a NaN amount becomes null and fails, while a
 * key whose value is undefined simply disappears (as in the canonical JSON the hash chain
 * covers). Such keys do occur: a validated DTO is a class instance whose every declared field
 * is an own property (ES2022 class fields), and the register handler spreads subjects as they are.
 */
export function clueEventViolations(event: { type: string; data: unknown }): string[] {
  const shape = SHAPES[event.type as ClueEvent['type']];
  if (!shape || !(event.type in CLUE_EVENT_VERSIONS)) return [`unknown event type ${event.type}`];
  if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) return ['data must be an object'];
  const data = JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>;
  const problems = shapeViolations(data, shape);
  for (const s of strings(data)) if (s.includes('\u0000')) problems.push('contains U+0000, which the SQL stores refuse');
  if ((event.type === 'ClueTransferred' || event.type === 'ClueForwarded') && problems.length === 0) {
    const ack = parseDeadline(data.acknowledgeBy as string) as number;
    const fb = parseDeadline(data.feedbackBy as string) as number;
    if (fb < ack) problems.push('feedbackBy precedes acknowledgeBy');
  }
  return problems.map((p) => `${event.type}: ${p}`);
}
