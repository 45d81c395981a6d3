import { CLUE_EVENT_VERSIONS, isPersonalSubjectKind, type ClueEventType, type SubjectKind } from './clue-events';

/**
 * How stored clue events of an older schema version are read as the current one. Events are
 * never rewritten (the hash chain covers the stored bytes): the store applies these steps on
 * read, v1 → v2 → …, and returns the event as stored when asked for `raw`. Pure data; the
 * service registers them with the store's Upcaster.
 */
export interface ClueEventUpcast {
  type: ClueEventType;
  fromVersion: number;
  step: (data: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * ClueRegistered v1 held persons' names and the reporter's name and contact in clear. Read as v2
 * with them withheld: nothing that reads through the upcaster (the read API, the relay that
 * re-publishes, the projections) passes the clear data on again — only the raw stored bytes keep
 * it, which the hash chain needs (docs/adr/0010).
 */
function withholdClearPersonalData(data: Record<string, unknown>): Record<string, unknown> {
  const subjects = Array.isArray(data.subjects) ? (data.subjects as Record<string, unknown>[]) : [];
  const reporter = data.reporter as Record<string, unknown> | undefined;
  return {
    ...data,
    subjects: subjects.map(({ name, ...s }) => (isPersonalSubjectKind(s.kind as SubjectKind) ? s : { ...s, name })),
    ...(reporter ? { reporter: { anonymous: reporter.anonymous === true } } : {}),
  };
}

export const CLUE_EVENT_UPCASTS: readonly ClueEventUpcast[] = [
  { type: 'ClueRegistered', fromVersion: 1, step: withholdClearPersonalData },
  // FindingRecorded v2 records the evidence a finding rests on; a v1 finding named none.
  { type: 'FindingRecorded', fromVersion: 1, step: (data) => ({ ...data, evidence: [] }) },
];

/** The version an event of `type` stored at `fromVersion` is read as: where its chain of steps ends. */
export function upcastTargetVersion(type: ClueEventType, fromVersion: number): number {
  let version = fromVersion;
  while (CLUE_EVENT_UPCASTS.some((u) => u.type === type && u.fromVersion === version)) version += 1;
  return version;
}

/** Types whose older versions do not reach the current one: must be empty (unit test). */
export function incompleteUpcastChains(): string[] {
  return (Object.keys(CLUE_EVENT_VERSIONS) as ClueEventType[]).flatMap((type) =>
    Array.from({ length: CLUE_EVENT_VERSIONS[type] - 1 }, (_, i) => i + 1)
      .filter((v) => upcastTargetVersion(type, v) !== CLUE_EVENT_VERSIONS[type])
      .map((v) => `${type}@${v}`),
  );
}
