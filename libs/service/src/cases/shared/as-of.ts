import type { RecordedEvent } from '@cluebus/contracts';

/** The events recorded at or before `asOf` (all of them without one): what was known then. */
export function recordedBy(events: RecordedEvent[], asOf?: Date): RecordedEvent[] {
  if (!asOf) return events;
  const limit = asOf.getTime();
  return events.filter((e) => Date.parse(e.recordedAt) <= limit);
}
