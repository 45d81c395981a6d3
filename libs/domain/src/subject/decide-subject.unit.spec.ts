import type { SanctionImposed, SubjectEvent } from '@cluebus/contracts';
import { NHC, NHSA, SAMR, STA } from '../testing/clue-fixtures';
import { DeciderSpecification } from '../testing/decider-specification';
import { SANCTION_CATALOGUE_V1 } from './catalogue/sanction-catalogue';
import type { SubjectCommand, SubjectDecisionContext } from './subject-commands';
import { subjectDecider } from './subject-decider';
import { sanctionedSubjectOf } from './subject-key';

const given = DeciderSpecification.for(subjectDecider);
const PHARMA = sanctionedSubjectOf({ kind: 'enterprise', uscc: '91330100716105852F', name: '某医药有限公司' });
const DOCTOR = sanctionedSubjectOf({ kind: 'person', idToken: `idt1:${'ab'.repeat(32)}` });
const FIRST = '01937a8e-0000-7000-8000-0000000000e1';
const ctx = (actor: string): SubjectDecisionContext => ({ actor, catalogue: SANCTION_CATALOGUE_V1, firstEventId: FIRST });
const TRIGGERED = ['s-t1', 's-t2', 's-t3'];

const impose = (over: Partial<Extract<SubjectCommand, { type: 'ImposeSanction' }>['data']> = {}): SubjectCommand => ({
  type: 'ImposeSanction',
  data: {
    sanctionId: 's-1',
    subject: PHARMA,
    measure: 'procurement-credit-rating',
    rating: { scheme: 'nhsa-2025', grade: '严重失信' },
    legalBasis: '《关于进一步完善医药价格和招采信用评价制度的通知》',
    caseIds: [],
    findingEventIds: ['f-1'],
    startsOn: '2026-12-01',
    endsOn: '2027-11-30',
    triggeredSanctionIds: TRIGGERED,
    ...over,
  },
});

const rating: SanctionImposed = {
  sanctionId: 's-1',
  subject: PHARMA,
  department: NHSA,
  measure: 'procurement-credit-rating',
  measureKind: 'measure',
  catalogueVersion: SANCTION_CATALOGUE_V1.version,
  rating: { scheme: 'nhsa-2025', grade: '严重失信' },
  legalBasis: '《关于进一步完善医药价格和招采信用评价制度的通知》',
  caseIds: [],
  findingEventIds: ['f-1'],
  startsOn: '2026-12-01',
  endsOn: '2027-11-30',
};
const notice = (sanctionId: string, department: string): SanctionImposed => {
  const { rating: _r, ...rest } = rating;
  return {
    ...rest,
    sanctionId,
    department,
    measure: 'joint-punishment-notice',
    measureKind: 'notice',
    legalBasis: `联合惩戒备忘录 serious-procurement-discredit (${SANCTION_CATALOGUE_V1.version}); ${rating.legalBasis}`,
    trigger: { eventId: FIRST, sanctionId: 's-1', rule: 'serious-procurement-discredit', memorandumVersion: SANCTION_CATALOGUE_V1.version },
    recipient: department,
  };
};
const imposedEvents: SubjectEvent[] = [
  { type: 'SanctionImposed', data: rating },
  { type: 'SanctionImposed', data: notice('s-t1', NHC) },
  { type: 'SanctionImposed', data: notice('s-t2', SAMR) },
];

describe('Subject decider (联合惩戒)', () => {
  it('given no sanctions, when nhsa rates an enterprise 严重失信 (2025), then the rating and the memorandum notices to nhc and samr, citing it, are recorded', () => {
    given([]).when(impose(), ctx(NHSA)).then(imposedEvents);
  });

  it('given a 2020 grade, when rated, then the scheme is recorded with it; a 一般 rating triggers nothing', () => {
    const events = given([]).when(impose({ rating: { scheme: 'nhsa-2020', grade: '一般' }, startsOn: '2025-03-01', endsOn: '2026-02-28' }), ctx(NHSA)).result();
    expect(events.map((e) => e.type)).toEqual(['SanctionImposed']);
    expect((events[0].data as SanctionImposed).rating).toEqual({ scheme: 'nhsa-2020', grade: '一般' });
  });

  it('given a measure of samr asked by nhsa, when imposed, then MEASURE_OF_ANOTHER_DEPARTMENT on measure', () => {
    given([]).when(impose({ measure: 'administrative-penalty-publicity', rating: undefined }), ctx(NHSA)).thenThrows('MEASURE_OF_ANOTHER_DEPARTMENT', { field: 'measure' });
  });

  it('given an unknown measure, a notice, or a measure of another subject kind, when imposed, then each is refused naming its field', () => {
    given([]).when(impose({ measure: 'public-flogging' }), ctx(NHSA)).thenThrows('MEASURE_NOT_IN_CATALOGUE', { field: 'measure' });
    given([]).when(impose({ measure: 'joint-punishment-notice', rating: undefined }), ctx(NHSA)).thenThrows('MEASURE_NOT_IN_CATALOGUE', { field: 'measure' });
    given([]).when(impose({ measure: 'insurance-payment-suspension', rating: undefined }), ctx(NHSA)).thenThrows('MEASURE_NOT_FOR_SUBJECT_KIND', { field: 'subject.kind' });
  });

  it('given an unknown scheme, a grade of the other scheme, a missing or superfluous rating, when imposed, then each is refused naming its field', () => {
    given([]).when(impose({ rating: { scheme: 'nhsa-2019', grade: '严重失信' } }), ctx(NHSA)).thenThrows('UNKNOWN_RATING_SCHEME', { field: 'rating.scheme' });
    given([]).when(impose({ rating: { scheme: 'nhsa-2025', grade: '中等' } }), ctx(NHSA)).thenThrows('UNKNOWN_RATING_GRADE', { field: 'rating.grade' });
    given([]).when(impose({ rating: undefined }), ctx(NHSA)).thenThrows('RATING_REQUIRED', { field: 'rating' });
    given([]).when(impose({ measure: 'major-tax-violation' }), ctx(STA)).thenThrows('RATING_NOT_APPLICABLE', { field: 'rating' });
  });

  it('given a 2020 rating starting after the 2025 notice applies, when imposed, then RATING_SCHEME_NOT_IN_FORCE', () => {
    given([]).when(impose({ rating: { scheme: 'nhsa-2020', grade: '严重' } }), ctx(NHSA)).thenThrows('RATING_SCHEME_NOT_IN_FORCE', { field: 'rating.scheme' });
  });

  it('given an end before the start or a day that does not exist, when imposed, then END_BEFORE_START / INVALID_DATE naming it', () => {
    given([]).when(impose({ endsOn: '2026-11-30' }), ctx(NHSA)).thenThrows('END_BEFORE_START', { field: 'endsOn' });
    given([]).when(impose({ startsOn: '2026-02-30' }), ctx(NHSA)).thenThrows('INVALID_DATE', { field: 'startsOn' });
  });

  it("given a person with a name, when nhsa suspends the doctor's 医保支付资格, then the name is refused; without it the token alone is recorded", () => {
    const doctor = impose({ subject: DOCTOR, measure: 'insurance-payment-suspension', rating: undefined, personName: '张某' });
    given([]).when(doctor, ctx(NHSA)).thenThrows('PERSON_NAME_NOT_ACCEPTED', { field: 'subject.name' });
    const events = given([]).when({ ...doctor, data: { ...doctor.data, personName: undefined } } as SubjectCommand, ctx(NHSA)).result();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('张某');
    expect((events[0].data as SanctionImposed).subject).toEqual({ kind: 'person', key: DOCTOR.key, idToken: DOCTOR.idToken });
  });

  it('given the same sanction id twice, when imposed, then SANCTION_ALREADY_EXISTS', () => {
    given(imposedEvents).when(impose(), ctx(NHSA)).thenThrows('SANCTION_ALREADY_EXISTS');
  });

  it('given a rating with its notices, when nhsa revokes it, then the rating and both notices are revoked, the notices citing the revocation', () => {
    given(imposedEvents)
      .when({ type: 'RevokeSanction', data: { sanctionId: 's-1', reason: '复核撤销', effectiveOn: '2026-12-10' } }, ctx(NHSA))
      .then([
        { type: 'SanctionRevoked', data: { sanctionId: 's-1', endedOn: '2026-12-10', by: NHSA, reason: '复核撤销' } },
        { type: 'SanctionRevoked', data: { sanctionId: 's-t1', endedOn: '2026-12-10', by: NHSA, reason: '复核撤销', causeEventId: FIRST } },
        { type: 'SanctionRevoked', data: { sanctionId: 's-t2', endedOn: '2026-12-10', by: NHSA, reason: '复核撤销', causeEventId: FIRST } },
      ]);
  });

  it('given a missing, revoked, foreign or triggered sanction, when revoked, then 404 / 409 / 403 / 409', () => {
    const revoke = (sanctionId: string): SubjectCommand => ({ type: 'RevokeSanction', data: { sanctionId, reason: 'r', effectiveOn: '2026-12-10' } });
    given(imposedEvents).when(revoke('s-none'), ctx(NHSA)).thenThrows('SANCTION_NOT_FOUND', { kind: 'not-found' });
    const revoked: SubjectEvent[] = [...imposedEvents, { type: 'SanctionRevoked', data: { sanctionId: 's-1', endedOn: '2026-12-10', by: NHSA, reason: 'r' } }];
    given(revoked).when(revoke('s-1'), ctx(NHSA)).thenThrows('SANCTION_ALREADY_ENDED');
    given(imposedEvents).when(revoke('s-1'), ctx(SAMR)).thenThrows('NOT_THE_SANCTIONING_DEPARTMENT', { kind: 'forbidden' });
    given(imposedEvents).when(revoke('s-t2'), ctx(SAMR)).thenThrows('TRIGGERED_RECORD_ENDS_WITH_TRIGGER');
    given(imposedEvents).when({ type: 'RevokeSanction', data: { sanctionId: 's-1', reason: 'r', effectiveOn: '2026-11-01' } }, ctx(NHSA)).thenThrows('END_BEFORE_START', { field: 'effectiveOn' });
  });

  it('given the end date, when expiry is asked on it and the day after, then refused, then recorded from the day after (with the notices)', () => {
    const expire = (today: string): SubjectCommand => ({ type: 'ExpireSanction', data: { sanctionId: 's-1', today } });
    given(imposedEvents).when(expire('2027-11-30'), ctx(NHSA)).thenThrows('SANCTION_NOT_DUE_TO_EXPIRE');
    const events = given(imposedEvents).when(expire('2027-12-01'), ctx(NHSA)).result();
    expect(events).toEqual([
      { type: 'SanctionExpired', data: { sanctionId: 's-1', endedOn: '2027-12-01' } },
      { type: 'SanctionExpired', data: { sanctionId: 's-t1', endedOn: '2027-12-01', causeEventId: FIRST } },
      { type: 'SanctionExpired', data: { sanctionId: 's-t2', endedOn: '2027-12-01', causeEventId: FIRST } },
    ]);
  });

  it('given a rating, when nhsa records 信用修复, then CreditRepaired for it and its notices', () => {
    const events = given(imposedEvents).when({ type: 'RepairCredit', data: { sanctionId: 's-1', basis: '已整改 清零', effectiveOn: '2027-01-05' } }, ctx(NHSA)).result();
    expect(events.map((e) => [e.type, e.data.sanctionId])).toEqual([
      ['CreditRepaired', 's-1'],
      ['CreditRepaired', 's-t1'],
      ['CreditRepaired', 's-t2'],
    ]);
  });
});
