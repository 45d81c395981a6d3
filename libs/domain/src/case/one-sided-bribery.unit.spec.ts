import type { ClueEvent } from '@cluebus/contracts';
import { CALENDAR_DAYS, CN_WORKING_DAYS } from '../deadlines/deadline-calendar';
import { foldClue, type ClueState } from '../clue/clue-state';
import { CLUE_ID, ev, NHC, SAMR, MPS } from '../testing/clue-fixtures';
import { foldCase } from './case-state';
import { briberyFactsOf, checkOneSidedBribery, type TimedClueEvent } from './one-sided-bribery';
import { caseEv, DOCTOR_REF, PHARMA_REF } from './testing/case-specification';

// The clue fixtures' kickback: PHARMA (briber, by USCC) and DOCTOR (bribe-taker, by ID token) in one clue.
const FOUND_AT = new Date('2026-12-01T02:00:00Z');
const DAY = 86_400_000;
let n = 0;
const timed = (event: ClueEvent, at: Date = FOUND_AT): TimedClueEvent => ({ eventId: `01937a8e-0000-7000-8000-${String(++n).padStart(12, '0')}`, occurredAt: at, event });

const investigated = (by: string, subjects?: string[]): ClueEvent => ({ type: 'InvestigationOpened', data: { clueId: CLUE_ID, by, basis: '依据', ...(subjects ? { subjects } : {}) } });
const found = (by: string, result: 'substantiated' | 'partly-substantiated' | 'unsubstantiated', subjects?: string[]): ClueEvent => ({
  type: 'FindingRecorded',
  data: { clueId: CLUE_ID, by, result, summary: '核查结论', evidence: [], ...(subjects ? { subjects } : {}) },
});

/** The case over the kickback clue, and the check at `now` with the given clue history after registration. */
function check(history: TimedClueEvent[], now: Date, options: { windowWorkingDays?: number; calendar?: typeof CALENDAR_DAYS; caseEvents?: ReturnType<typeof caseEv.opened>[] } = {}) {
  const registered = timed(ev.registered(NHC));
  const all = [registered, ...history];
  const clue: ClueState = foldClue(all.map((t) => t.event));
  const state = foldCase(options.caseEvents ?? [caseEv.opened()]);
  return checkOneSidedBribery({
    state,
    clues: { [CLUE_ID]: clue },
    facts: [briberyFactsOf(clue, all)],
    now,
    windowWorkingDays: options.windowWorkingDays ?? 10,
    calendar: options.calendar ?? CALENDAR_DAYS,
  });
}

describe('checkOneSidedBribery (行贿受贿一起查)', () => {
  const pharmaFound = () => [timed(investigated(SAMR, [PHARMA_REF])), timed(found(SAMR, 'substantiated', [PHARMA_REF]))];

  it('given a substantiated finding against the briber and the window not ended, when checked, then nothing is due and the pair waits', () => {
    const result = check(pharmaFound(), new Date(FOUND_AT.getTime() + 9 * DAY));
    expect(result).toEqual({ due: [], waiting: 1 });
  });

  it('given the window ended and nobody pursued the bribe-taker, when checked, then the pair is due, citing the finding', () => {
    const history = pharmaFound();
    const result = check(history, new Date(FOUND_AT.getTime() + 10 * DAY));
    expect(result.waiting).toBe(0);
    expect(result.due).toEqual([
      {
        briber: PHARMA_REF,
        bribeTaker: DOCTOR_REF,
        substantiatedSide: 'briber',
        findingEventIds: [history[1].eventId],
        clueIds: [CLUE_ID],
        windowEndedAt: new Date(FOUND_AT.getTime() + 10 * DAY),
      },
    ]);
  });

  it('given a partly substantiated finding against the bribe-taker only, when the window ended, then the other side is the briber', () => {
    const history = [timed(investigated(MPS, [DOCTOR_REF])), timed(found(MPS, 'partly-substantiated', [DOCTOR_REF]))];
    expect(check(history, new Date(FOUND_AT.getTime() + 30 * DAY)).due.map((d) => d.substantiatedSide)).toEqual(['bribe-taker']);
  });

  it('given another department opened an investigation of the bribe-taker, when the window ended, then nothing is due', () => {
    const history = [...pharmaFound(), timed(investigated(MPS, [DOCTOR_REF]), new Date(FOUND_AT.getTime() + 3 * DAY))];
    expect(check(history, new Date(FOUND_AT.getTime() + 30 * DAY))).toEqual({ due: [], waiting: 0 });
  });

  it('given an investigation naming no subjects, when checked, then it pursues every subject of the clue (what it always meant)', () => {
    const history = [timed(investigated(SAMR)), timed(found(SAMR, 'substantiated', [PHARMA_REF]))];
    expect(check(history, new Date(FOUND_AT.getTime() + 30 * DAY)).due).toEqual([]);
  });

  it('given a finding naming no subjects, when checked, then it is against both sides: not one-sided', () => {
    const history = [timed(investigated(SAMR, [PHARMA_REF])), timed(found(SAMR, 'substantiated'))];
    expect(check(history, new Date(FOUND_AT.getTime() + 30 * DAY))).toEqual({ due: [], waiting: 0 });
  });

  it('given only an unsubstantiated finding, when checked, then nothing is due (no side found against)', () => {
    const history = [timed(investigated(SAMR, [PHARMA_REF])), timed(found(SAMR, 'unsubstantiated', [PHARMA_REF]))];
    expect(check(history, new Date(FOUND_AT.getTime() + 30 * DAY))).toEqual({ due: [], waiting: 0 });
  });

  it('given the pair already flagged, when checked again, then it is not due again', () => {
    const result = check(pharmaFound(), new Date(FOUND_AT.getTime() + 30 * DAY), { caseEvents: [caseEv.opened(), caseEv.flagged(PHARMA_REF, DOCTOR_REF)] });
    expect(result).toEqual({ due: [], waiting: 0 });
  });

  it('given a pair linked by hand across clues, when one side is found against, then the linked pair is checked too', () => {
    const OTHER = `subject:${CLUE_ID}/9`; // a reference no clue derives: linked pairs need no clue roles
    const result = check(pharmaFound(), new Date(FOUND_AT.getTime() + 30 * DAY), { caseEvents: [caseEv.opened(), caseEv.linked(PHARMA_REF, OTHER)] });
    expect(result.due.map((d) => d.bribeTaker)).toEqual([DOCTOR_REF, OTHER]);
  });

  it('given working days, when the window spans the 2026 National Day holiday, then holidays do not count', () => {
    // A finding on Mon 28 Sep 2026; 3 working days: 29 and 30 Sep, then 1–7 Oct are 国庆 holidays, so the third is 8 Oct or later.
    const at = new Date('2026-09-28T02:00:00Z');
    const history = [timed(investigated(SAMR, [PHARMA_REF]), at), timed(found(SAMR, 'substantiated', [PHARMA_REF]), at)];
    const ended = CN_WORKING_DAYS.addDays(at, 3);
    expect(ended.getTime()).toBeGreaterThan(new Date('2026-10-08T00:00:00+08:00').getTime());
    const options = { windowWorkingDays: 3, calendar: CN_WORKING_DAYS };
    expect(check(history, new Date('2026-10-06T02:00:00Z'), options)).toEqual({ due: [], waiting: 1 });
    expect(check(history, ended, options).due).toHaveLength(1);
  });
});
