import type { ClueRegistered, FindingRecorded, SubjectRecord } from './clue-events';

/**
 * The data of event versions that are no longer written but are still stored (and upcast on
 * read, clue-event-upcasts.ts), keyed `<Type>.v<n>`. Their JSON Schemas are generated from
 * here like the current ones (`npm run schemas`): a consumer reading an old topic or the raw
 * log needs them. A type whose version is bumped moves its old shape here.
 */
export interface SupersededEventDataByVersion {
  /** FindingRecorded v1: before the evidence a finding rests on was recorded. */
  'FindingRecorded.v1': Omit<FindingRecorded, 'evidence'>;
  /** ClueRegistered v1: persons' names and the reporter's identity in clear (before the vault, docs/adr/0010). */
  'ClueRegistered.v1': Omit<ClueRegistered, 'subjects' | 'reporter'> & {
    subjects: Array<Omit<SubjectRecord, 'personalData' | 'name'> & { name: string }>;
    reporter?: { anonymous: boolean; name?: string; contact?: string };
  };
}
