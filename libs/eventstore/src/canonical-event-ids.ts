import type { NewEvent } from '@cluebus/contracts';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ANY_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The events with their ids in one spelling, the one a uuid column gives back: lower case,
 * hyphenated. Every store takes an append through it. The chain hashes the id as appended and
 * verify recomputes it from the stored one, so on PostgreSQL an id in upper case (valid, RFC 9562)
 * made a correct log fail verification. Other spellings PostgreSQL accepts (braces, no hyphens)
 * are refused with a RangeError naming the id.
 */
export function withCanonicalIds(events: NewEvent[]): NewEvent[] {
  if (events.every((e) => CANONICAL_UUID.test(e.eventId))) return events;
  return events.map((e) => {
    if (!ANY_CASE_UUID.test(e.eventId)) throw new RangeError(`append: event id ${JSON.stringify(e.eventId)} is not a UUID (8-4-4-4-12 hex digits)`);
    return CANONICAL_UUID.test(e.eventId) ? e : { ...e, eventId: e.eventId.toLowerCase() };
  });
}
