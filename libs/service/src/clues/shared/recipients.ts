import { isDepartmentCode, parseDepartmentInstance } from '@cluebus/contracts';

/** A bare department code means the sender's own region: `samr` from `nhc:341300` → `samr:341300`. */
export function resolveRecipients(to: string[], sender: string): string[] {
  const { region } = parseDepartmentInstance(sender);
  return to.map((t) => (isDepartmentCode(t) ? `${t}:${region}` : t));
}

/** Deadlines default to now + the configured periods (签收 / 反馈). */
export function resolveDeadlines(
  body: { acknowledgeBy?: string; feedbackBy?: string },
  now: Date,
  periods: { acknowledgeDays: number; feedbackDays: number },
): { acknowledgeBy: string; feedbackBy: string } {
  const days = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString();
  return {
    acknowledgeBy: body.acknowledgeBy ? new Date(body.acknowledgeBy).toISOString() : days(periods.acknowledgeDays),
    feedbackBy: body.feedbackBy ? new Date(body.feedbackBy).toISOString() : days(periods.feedbackDays),
  };
}

/** The terms shared by a transfer and a forward, resolved for the sender: new id, recipients, deadlines. */
export function transferTerms(
  body: { to: string[]; basis: string; note?: string; acknowledgeBy?: string; feedbackBy?: string },
  sender: string,
  transferId: string,
  periods: { acknowledgeDays: number; feedbackDays: number },
) {
  return {
    transferId,
    to: resolveRecipients(body.to, sender),
    basis: body.basis,
    ...(body.note ? { note: body.note } : {}),
    ...resolveDeadlines(body, new Date(), periods),
  };
}
