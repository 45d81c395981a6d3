import { CLUE_EVENT_VERSIONS, type ClueEventType } from './clue-events';

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

export const CLUE_EVENT_UPCASTS: readonly ClueEventUpcast[] = [
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
