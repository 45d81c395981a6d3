import type { RecordedEvent } from '@cluebus/contracts';

/** The events recorded at or before `asOf` (all of them without one): what was known then. */
export function recordedBy<E extends Pick<RecordedEvent, 'recordedAt'>>(events: E[], asOf?: Date): E[] {
  if (!asOf) return events;
  const limit = asOf.getTime();
  return events.filter((e) => Date.parse(e.recordedAt) <= limit);
}
