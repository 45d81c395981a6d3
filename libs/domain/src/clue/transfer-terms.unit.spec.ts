import { CALENDAR_DAYS, CN_WORKING_DAYS, type DeadlineCalendar } from '../deadlines/deadline-calendar';
import { ROUTING_POLICY_V1 } from '../routing/routing-policy';
import { clueContext, TEST_DEADLINES, TEST_NOW } from '../testing/clue-specification';
import { ACK_BY, BASIS, FEEDBACK_BY, NHC, SAMR } from '../testing/clue-fixtures';
import { resolveDeadlines, resolveRecipients, resolveTransferTerms } from './transfer-terms';

describe('resolveRecipients', () => {
  it('given bare department codes, when nhc:341300 sends, then each means that department in 341300', () => {
    expect(resolveRecipients(['samr', 'sta', 'ccdi'], NHC)).toEqual(['samr:341300', 'sta:341300', 'ccdi:341300']);
  });

  it('given department instances, when resolved, then they are kept as given, in any region', () => {
    expect(resolveRecipients(['samr:340000', 'ccdi:110000', SAMR], NHC)).toEqual(['samr:340000', 'ccdi:110000', SAMR]);
  });

  it('given a sender in another region, when it names a bare code, then the code takes the sender\'s region', () => {
    expect(resolveRecipients(['mps'], 'samr:110105')).toEqual(['mps:110105']);
  });

  it('given something that is neither, when resolved, then it is kept as given for the recipient rules to name', () => {
    expect(resolveRecipients(['police', 'SAMR', '', 'samr:999'], NHC)).toEqual(['police', 'SAMR', '', 'samr:999']);
  });

  it('given a sender that is no department instance, when resolved, then nothing is resolved (the actor rule refuses it)', () => {
    expect(resolveRecipients(['samr'], 'investigator')).toEqual(['samr']);
  });

  it('given recipients, when resolved, then the input is not changed', () => {
    const to = Object.freeze(['samr']);
    expect(resolveRecipients(to, NHC)).not.toBe(to);
    expect(to).toEqual(['samr']);
  });
});

describe('resolveDeadlines', () => {
  it('given no deadlines, when resolved, then each is now plus its period in calendar days, as a UTC instant', () => {
    expect(resolveDeadlines({}, TEST_NOW, { acknowledgeDays: 5, feedbackDays: 30 })).toEqual({
      acknowledgeBy: '2026-11-15T02:00:00.000Z',
      feedbackBy: '2026-12-10T02:00:00.000Z',
    });
  });

  it('given both deadlines, when resolved, then they are kept exactly as given (the deadline rules judge them)', () => {
    expect(resolveDeadlines({ acknowledgeBy: ACK_BY, feedbackBy: 'not a date' }, TEST_NOW, TEST_DEADLINES)).toEqual({
      acknowledgeBy: ACK_BY,
      feedbackBy: 'not a date',
    });
  });

  it('given one deadline, when resolved, then only the other defaults', () => {
    expect(resolveDeadlines({ feedbackBy: FEEDBACK_BY }, TEST_NOW, TEST_DEADLINES)).toEqual({
      acknowledgeBy: '2026-11-15T02:00:00.000Z',
      feedbackBy: FEEDBACK_BY,
    });
  });

  it('given a calendar, when a deadline defaults, then the calendar counts the days', () => {
    const calls: Array<[string, number]> = [];
    const recording: DeadlineCalendar = {
      addDays: (from, days) => {
        calls.push([from.toISOString(), days]);
        return CALENDAR_DAYS.addDays(from, days + 2); // e.g. a weekend in between
      },
    };
    expect(resolveDeadlines({ acknowledgeBy: ACK_BY }, TEST_NOW, { acknowledgeDays: 5, feedbackDays: 10 }, recording)).toEqual({
      acknowledgeBy: ACK_BY,
      feedbackBy: '2026-11-22T02:00:00.000Z',
    });
    expect(calls).toEqual([[TEST_NOW.toISOString(), 10]]);
  });
});

describe('CALENDAR_DAYS', () => {
  it('given an instant, when days are added, then exactly 24 hours per day are added (no time zone, no DST)', () => {
    expect(CALENDAR_DAYS.addDays(new Date('2026-03-28T16:30:00.000Z'), 2).toISOString()).toBe('2026-03-30T16:30:00.000Z');
    expect(CALENDAR_DAYS.addDays(TEST_NOW, 0)).toEqual(TEST_NOW);
  });
});

describe('resolveTransferTerms', () => {
  it('given terms as the sender said them, when resolved for the acting sender, then recipients and deadlines are as recorded', () => {
    const ctx = clueContext(NHC, { deadlines: { acknowledgeDays: 3, feedbackDays: 15 } });
    expect(resolveTransferTerms({ transferId: 't1', to: ['samr', 'ccdi:340000'], basis: BASIS }, ctx)).toEqual({
      to: [SAMR, 'ccdi:340000'],
      acknowledgeBy: '2026-11-13T02:00:00.000Z',
      feedbackBy: '2026-11-25T02:00:00.000Z',
    });
  });
});

describe('working-day deadlines (WorkingDayCalendar, routing policy periods)', () => {
  const FRI_BEFORE_SPRING_FESTIVAL = new Date('2026-02-13T10:00:00+08:00');

  it('given the working-day calendar, when deadlines default, then they are the end of the n-th working day, China time', () => {
    // 14 Feb is a working Saturday, 15–23 are holidays: 5 working days end on Friday 27 Feb.
    expect(resolveDeadlines({}, FRI_BEFORE_SPRING_FESTIVAL, { acknowledgeDays: 5, feedbackDays: 6 }, CN_WORKING_DAYS)).toEqual({
      acknowledgeBy: '2026-02-27T15:59:59.999Z',
      feedbackBy: '2026-02-28T15:59:59.999Z', // the working Saturday 28 Feb
    });
  });

  it('given a period that runs past the calendar data, when it defaults, then it is listed as provisional', () => {
    expect(resolveDeadlines({}, new Date('2026-12-02T10:00:00+08:00'), { acknowledgeDays: 5, feedbackDays: 30 }, CN_WORKING_DAYS)).toEqual({
      acknowledgeBy: '2026-12-09T15:59:59.999Z',
      feedbackBy: '2027-01-13T15:59:59.999Z',
      provisional: ['feedbackBy'],
    });
    // A deadline the caller named is never provisional.
    expect(
      resolveDeadlines({ feedbackBy: '2027-01-05T00:00:00Z' }, new Date('2026-12-02T10:00:00+08:00'), { acknowledgeDays: 5, feedbackDays: 30 }, CN_WORKING_DAYS),
    ).not.toHaveProperty('provisional');
  });

  it("given the clue's category and a policy with periods for it, when resolved, then the policy's periods are used", () => {
    const ctx = { ...clueContext(NHC, { deadlines: { acknowledgeDays: 5, feedbackDays: 30 } }), now: FRI_BEFORE_SPRING_FESTIVAL, calendar: CN_WORKING_DAYS, routingPolicy: ROUTING_POLICY_V1 };
    const terms = { transferId: 't1', to: ['mps'], basis: BASIS };
    // organised-crime: 2 / 15 working days (policy v1): 14 Feb (Sat, working), 24 Feb; 25–28 Feb (28th a working Saturday), 2–6, 9–12 Mar.
    expect(resolveTransferTerms(terms, ctx, 'organised-crime')).toMatchObject({ acknowledgeBy: '2026-02-24T15:59:59.999Z', feedbackBy: '2026-03-12T15:59:59.999Z' });
    // A category without figures, or no category: the context's periods.
    expect(resolveTransferTerms(terms, ctx, 'kickback')).toMatchObject({ acknowledgeBy: '2026-02-27T15:59:59.999Z' });
    expect(resolveTransferTerms(terms, ctx)).toMatchObject({ acknowledgeBy: '2026-02-27T15:59:59.999Z' });
  });
});
