import { isDepartmentCode, isDepartmentInstance, parseDepartmentInstance } from '@cluebus/contracts/departments';
import type { ClueCategory } from '@cluebus/contracts/events/clue-events';
import { CALENDAR_DAYS, type DeadlineCalendar, type DeadlinePeriods } from '../deadlines/deadline-calendar';
import { deadlinePeriodsFor } from '../routing/routing-policy';
import type { DecisionContext, TransferTerms } from './clue-commands';

/** What a transfer or forward records: recipients as department instances, both deadlines set. */
export interface ResolvedTransferTerms {
  to: string[];
  acknowledgeBy: string;
  feedbackBy: string;
  /** The defaulted deadlines counted past the calendar's data (see WorkingDayCalendar); absent when none. */
  provisional?: Array<'acknowledgeBy' | 'feedbackBy'>;
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
 * `now` plus the period, counted by the calendar, as an ISO-8601 UTC instant. A defaulted
 * deadline the calendar counted past its data is listed in `provisional`.
 */
export function resolveDeadlines(
  given: { acknowledgeBy?: string; feedbackBy?: string },
  now: Date,
  periods: DeadlinePeriods,
  calendar: DeadlineCalendar = CALENDAR_DAYS,
): { acknowledgeBy: string; feedbackBy: string; provisional?: Array<'acknowledgeBy' | 'feedbackBy'> } {
  const provisional: Array<'acknowledgeBy' | 'feedbackBy'> = [];
  const after = (days: number, which: 'acknowledgeBy' | 'feedbackBy'): string => {
    if (!calendar.deadline) return calendar.addDays(now, days).toISOString();
    const d = calendar.deadline(now, days);
    if (d.provisional) provisional.push(which);
    return d.at.toISOString();
  };
  return {
    acknowledgeBy: given.acknowledgeBy ?? after(periods.acknowledgeDays, 'acknowledgeBy'),
    feedbackBy: given.feedbackBy ?? after(periods.feedbackDays, 'feedbackBy'),
    ...(provisional.length > 0 ? { provisional } : {}),
  };
}

/**
 * The terms of a TransferClue or ForwardClue as they will be recorded, for the acting sender.
 * With the clue's `category` and a routing policy in the context, the policy's periods for that
 * category (deadlines.byCategory, working days) replace the context's default periods.
 */
export function resolveTransferTerms(terms: TransferTerms, ctx: DecisionContext, category?: ClueCategory): ResolvedTransferTerms {
  const periods = ctx.routingPolicy && category ? deadlinePeriodsFor(ctx.routingPolicy, category, ctx.deadlines) : ctx.deadlines;
  return {
    to: resolveRecipients(terms.to, ctx.actor),
    ...resolveDeadlines(terms, ctx.now, periods, ctx.calendar),
  };
}
