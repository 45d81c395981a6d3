import { departmentCodeOf, isDepartmentInstance, type RecordedEvent } from '@cluebus/contracts';

/**
 * The department instances an event concerns, read from the event alone: recipients (`to`),
 * the acting department (`by`, `from`, `registeredBy`, `recipient`). The relay sends the event
 * to the inbox topic of each of their department codes.
 */
export function eventAudience(event: RecordedEvent): string[] {
  const d = event.data as Record<string, unknown>;
  const found = new Set<string>();
  for (const key of ['to', 'by', 'from', 'registeredBy', 'recipient']) {
    const value = d[key];
    for (const v of Array.isArray(value) ? value : [value]) if (isDepartmentInstance(v)) found.add(v);
  }
  return [...found];
}

export function audienceCodes(event: RecordedEvent): string[] {
  return [...new Set(eventAudience(event).map(departmentCodeOf))];
}
