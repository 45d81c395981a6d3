import { isDepartmentCode, isDepartmentInstance, parseDepartmentInstance } from '@cluebus/contracts/departments';
import { CALENDAR_DAYS, type DeadlineCalendar, type DeadlinePeriods } from '../deadlines/deadline-calendar';
import type { DecisionContext, TransferTerms } from './clue-commands';

/** What a transfer or forward records: recipients as department instances, both deadlines set. */
export interface ResolvedTransferTerms {
  to: string[];
  acknowledgeBy: string;
  feedbackBy: string;
}

/**
 * A bare department code means that department in the sender's own region: `samr` sent by
 * `nhc:341300` is `samr:341300` (宿州市市场监管局). Anything else is kept as given, so the
 * recipient rules see — and name — exactly what the caller wrote. A sender that is no
 * department instance resolves nothing (ActorMustBeDepartmentInstance refuses it anyway).
 */
export function resolveRecipients(to: readonly string[], sender: string): string[] {
  if (!isDepartmentInstance(sender)) return [...to];
  const { region } = parseDepartmentInstance(sender);
  return to.map((t) => (isDepartmentCode(t) ? `${t}:${region}` : t));
}

/**
 * A deadline the caller named is kept as named (the deadline rules check it); a missing one is
 * `now` plus the period, counted by the calendar, as an ISO-8601 UTC instant.
 */
export function resolveDeadlines(
  given: { acknowledgeBy?: string; feedbackBy?: string },
  now: Date,
  periods: DeadlinePeriods,
  calendar: DeadlineCalendar = CALENDAR_DAYS,
): { acknowledgeBy: string; feedbackBy: string } {
  const after = (days: number): string => calendar.addDays(now, days).toISOString();
  return {
    acknowledgeBy: given.acknowledgeBy ?? after(periods.acknowledgeDays),
    feedbackBy: given.feedbackBy ?? after(periods.feedbackDays),
  };
}

/** The terms of a TransferClue or ForwardClue as they will be recorded, for the acting sender. */
export function resolveTransferTerms(terms: TransferTerms, ctx: DecisionContext): ResolvedTransferTerms {
  return {
    to: resolveRecipients(terms.to, ctx.actor),
    ...resolveDeadlines(terms, ctx.now, ctx.deadlines, ctx.calendar),
  };
}
