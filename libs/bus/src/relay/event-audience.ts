import { departmentCodeOf, isDepartmentInstance, type RecordedEvent } from '@cluebus/contracts';

/**
 * Events that change the acting recipient's own inbox row: its answers (签收, 退回, 反馈), and its
 * request for an extension (延期), which its inbox shows as requested until the sender decides.
 */
export const ANSWER_EVENT_TYPES: ReadonlySet<string> = new Set(['TransferAcknowledged', 'TransferRejected', 'FeedbackSent', 'TransferExtensionRequested']);

/**
 * The department instances an event is addressed to, read from the event alone: its
 * recipients (`to`: a transfer's or forward's recipients, or the sender a feedback answers;
 * `recipient` of an overdue notice or of an extension granted or denied, `recipients` a
 * supervision presses), and the answering (or extension-requesting) department for answers to a transfer.
 * A sender is not an addressee of its own transfer: shipping every event back to the
 * department that caused it only loads its consumer with no-op work. The rules are those of
 * docs/adr/0004 (amended); change them, their unit test and the ADR together.
 */
export function eventAudience(event: RecordedEvent): string[] {
  const d = event.data as Record<string, unknown>;
  const found = new Set<string>();
  const add = (value: unknown) => {
    for (const v of Array.isArray(value) ? value : [value]) if (isDepartmentInstance(v)) found.add(v);
  };
  add(d.to);
  add(d.recipient);
  add(d.recipients);
  if (ANSWER_EVENT_TYPES.has(event.type)) add(d.by);
  return [...found];
}

export function audienceCodes(event: RecordedEvent): string[] {
  return [...new Set(eventAudience(event).map(departmentCodeOf))];
}
