import type { ClueEvent } from '@cluebus/contracts';
import { DomainError } from '../domain-error';
import { ROUTING_POLICY_V1 } from '../routing/routing-policy';
import { clueContext, clueSpecification, TEST_NOW } from '../testing/clue-specification';
import {
  ACK_BY,
  BASIS,
  CCDI,
  CLUE_ID,
  cmd,
  DOCTOR,
  ev,
  FEEDBACK_BY,
  MPS,
  NHC,
  NHSA,
  OFFICIAL,
  OUTSIDER,
  PHARMA,
  REPORTER,
  SAMR,
  STA,
} from '../testing/clue-fixtures';
import type { ClueCommand } from './clue-commands';
import { ClueErrorCodes as E } from './clue-error-codes';
import { initialClueState } from './clue-state';
import { decideClue } from './decide-clue';

const given = clueSpecification();
const givenWithPolicy = clueSpecification({ policy: ROUTING_POLICY_V1 });

// NHC registers a kickback clue and transfers it to SAMR and NHSA.
const R = ev.registered(NHC);
const T1 = ev.transferred('t1', NHC, [SAMR, NHSA]);
const ACK_SAMR = ev.acknowledged('t1', SAMR);

describe('decideClue', () => {
  describe('any command', () => {
    it('refuses an actor that is not a department instance (forbidden)', () => {
      given().when(cmd.register(), 'samr').thenThrows(E.INVALID_ACTOR, { kind: 'forbidden' });
      given(R, T1).when(cmd.acknowledge('t1'), 'SAMR:341300').thenThrows(E.INVALID_ACTOR, { kind: 'forbidden' });
    });

    it('answers CLUE_NOT_FOUND identically for a missing clue and a clue the actor may not see', () => {
      const missing = given().when(cmd.open(), OUTSIDER).thenThrows(E.CLUE_NOT_FOUND, { kind: 'not-found' });
      const hidden = given(R, T1).when(cmd.open(), OUTSIDER).thenThrows(E.CLUE_NOT_FOUND, { kind: 'not-found' });
      expect(hidden.message).toBe(missing.message);
      expect(hidden.field).toBe(missing.field);
    });

    it('throws DomainError instances', () => {
      expect(() => decideClue(cmd.open(), initialClueState(), clueContext(NHC))).toThrow(DomainError);
    });

    it('refuses an unknown command type', () => {
      const bogus = { type: 'DeleteClue', data: {} } as unknown as Parameters<typeof decideClue>[0];
      given(R).when(bogus, NHC).thenThrows(E.UNKNOWN_COMMAND);
    });
  });

  describe('RegisterClue', () => {
    it('given no clue, when a department registers it, then ClueRegistered names that department as registrar', () => {
      given()
        .when(cmd.register(), NHC)
        .then([
          {
            type: 'ClueRegistered',
            data: {
              clueId: CLUE_ID,
              registeredBy: NHC,
              source: 'report',
              category: 'kickback',
              alsoConcerns: [],
              summary: '某医药公司向医生给予回扣',
              subjects: [PHARMA, DOCTOR],
              attachments: [{ sha256: 'a'.repeat(64), name: 'report.pdf', mediaType: 'application/pdf' }],
              reporter: REPORTER,
              amountYuan: 20000,
            },
          },
        ]);
    });

    it('leaves out reporter and amount when not given (no undefined keys in the event)', () => {
      const [e] = given()
        .when(cmd.register({ reporter: undefined, amountYuan: undefined }), NHC)
        .then([ev.registered(NHC, { reporter: undefined, amountYuan: undefined })].map(stripUndefined));
      expect(Object.keys(e!.data)).not.toContain('reporter');
      expect(Object.keys(e!.data)).not.toContain('amountYuan');
    });

    it.each<[string, Parameters<typeof cmd.register>[0], string]>([
      ['a person with a clear name', { subjects: [PHARMA, { ...DOCTOR, name: '张某' }] }, 'subjects[1].name'],
      ['a person without a sealed name', { subjects: [{ kind: 'person', role: 'bribe-taker' }] }, 'subjects[0].name'],
      ['an enterprise without a name', { subjects: [{ ...PHARMA, name: undefined }] }, 'subjects[0].name'],
      ['a reporter in clear', { reporter: { anonymous: false, name: '举报人', contact: '13800000000' } as never }, 'reporter'],
    ])('refuses %s: PersonalDataMustBeSealed (no clear personal data in the log)', (_what, over, field) => {
      given().when(cmd.register(over), NHC).thenThrows('PERSONAL_DATA_NOT_SEALED', { field });
    });

    it('accepts an amount of 0', () => {
      given().when(cmd.register({ amountYuan: 0 }), NHC).then([ev.registered(NHC, { amountYuan: 0 })]);
    });

    it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses amountYuan %p', (amountYuan) => {
      given().when(cmd.register({ amountYuan }), NHC).thenThrows(E.INVALID_AMOUNT, { field: 'amountYuan' });
    });

    it('given a registered clue, when anyone registers it again, then CLUE_ALREADY_EXISTS', () => {
      given(R).when(cmd.register(), NHC).thenThrows(E.CLUE_ALREADY_EXISTS, { field: 'clueId', kind: 'rule' });
      given(R).when(cmd.register(), SAMR).thenThrows(E.CLUE_ALREADY_EXISTS);
    });
  });

  describe('TransferClue', () => {
    it('given a registered clue, when the registrar transfers it, then ClueTransferred from the registrar', () => {
      given(R)
        .when(cmd.transfer('t1', [SAMR, NHSA], { note: '请核查' }), NHC)
        .then([
          {
            type: 'ClueTransferred',
            data: {
              clueId: CLUE_ID,
              transferId: 't1',
              from: NHC,
              to: [SAMR, NHSA],
              basis: BASIS,
              note: '请核查',
              acknowledgeBy: ACK_BY,
              feedbackBy: FEEDBACK_BY,
            },
          },
        ]);
    });

    it('transfers across regions and levels', () => {
      given(R).when(cmd.transfer('t1', ['samr:340000', 'ccdi:110000']), NHC).then([ev.transferred('t1', NHC, ['samr:340000', 'ccdi:110000'])]);
    });

    it('refuses a recipient that can see the clue but did not register it (it forwards instead)', () => {
      const err = given(R, T1, ACK_SAMR).when(cmd.transfer('t2', [MPS]), SAMR).thenThrows(E.ONLY_REGISTRAR_MAY_TRANSFER, { kind: 'rule' });
      expect(err.message).toMatch(/ForwardClue/);
    });

    it('refuses a department that cannot see the clue with CLUE_NOT_FOUND', () => {
      given(R).when(cmd.transfer('t1', [MPS]), SAMR).thenThrows(E.CLUE_NOT_FOUND, { kind: 'not-found' });
      given().when(cmd.transfer('t1', [MPS]), NHC).thenThrows(E.CLUE_NOT_FOUND, { kind: 'not-found' });
    });

    it('refuses a reused transfer id, whether of a transfer or a forward', () => {
      given(R, T1).when(cmd.transfer('t1', [MPS]), NHC).thenThrows(E.TRANSFER_ID_IN_USE, { field: 'transferId' });
      given(R, T1, ACK_SAMR, ev.forwarded('f1', 't1', SAMR, [MPS]))
        .when(cmd.transfer('f1', [STA]), NHC)
        .thenThrows(E.TRANSFER_ID_IN_USE, { field: 'transferId' });
    });

    it.each([[''], ['   ']])('refuses an empty basis %p', (basis) => {
      given(R).when(cmd.transfer('t1', [SAMR], { basis }), NHC).thenThrows(E.BASIS_REQUIRED, { field: 'basis' });
    });

    it('refuses no recipients', () => {
      given(R).when(cmd.transfer('t1', []), NHC).thenThrows(E.RECIPIENTS_REQUIRED, { field: 'to' });
    });

    it('refuses a recipient listed twice', () => {
      given(R).when(cmd.transfer('t1', [SAMR, NHSA, SAMR]), NHC).thenThrows(E.RECIPIENT_LISTED_TWICE, { field: 'to', message: SAMR });
    });

    it.each([['police'], ['police:341300'], ['samr:000000'], ['samr:34130'], ['']])('refuses recipient %p that is not a department instance', (bad) => {
      given(R).when(cmd.transfer('t1', [SAMR, bad]), NHC).thenThrows(E.INVALID_RECIPIENT, { field: 'to' });
    });

    it('refuses the sender as its own recipient', () => {
      given(R).when(cmd.transfer('t1', [SAMR, NHC]), NHC).thenThrows(E.RECIPIENT_IS_SENDER, { field: 'to' });
    });

    it('refuses a recipient with a pending transfer of the clue', () => {
      given(R, T1).when(cmd.transfer('t2', [MPS, SAMR]), NHC).thenThrows(E.DUPLICATE_RECIPIENT, { field: 'to', message: SAMR });
    });

    it('refuses a recipient that acknowledged a transfer of the clue', () => {
      given(R, T1, ACK_SAMR).when(cmd.transfer('t2', [SAMR]), NHC).thenThrows(E.DUPLICATE_RECIPIENT, { field: 'to' });
    });

    it('refuses a recipient that holds the clue through a forward', () => {
      given(R, T1, ACK_SAMR, ev.forwarded('f1', 't1', SAMR, [MPS]))
        .when(cmd.transfer('t2', [MPS]), NHC)
        .thenThrows(E.DUPLICATE_RECIPIENT, { field: 'to', message: MPS });
    });

    it('sends the clue again to a recipient that rejected it', () => {
      given(R, T1, ev.rejected('t1', SAMR)).when(cmd.transfer('t2', [SAMR]), NHC).then([ev.transferred('t2', NHC, [SAMR])]);
    });

    it('sends the same department in another region', () => {
      given(R, T1).when(cmd.transfer('t2', ['samr:340000']), NHC).then([ev.transferred('t2', NHC, ['samr:340000'])]);
    });

    describe('terms as the caller gave them', () => {
      // What the sender said, before the decider resolves it: no deadlines, bare codes allowed.
      const said = (to: string[], over: { acknowledgeBy?: string; feedbackBy?: string } = {}): ClueCommand => ({
        type: 'TransferClue',
        data: { transferId: 't1', to, basis: BASIS, ...over },
      });
      const recorded = (to: string[], acknowledgeBy: string, feedbackBy: string, over: { policyVersion?: string } = {}): ClueEvent[] => [
        { type: 'ClueTransferred', data: { clueId: CLUE_ID, transferId: 't1', from: NHC, to, basis: BASIS, acknowledgeBy, feedbackBy, ...over } },
      ];

      it('given a bare department code, when the registrar transfers, then it means that department in the registrar\'s region', () => {
        given(R)
          .when(said(['samr', 'ccdi:340000'], { acknowledgeBy: ACK_BY, feedbackBy: FEEDBACK_BY }), NHC)
          .then(recorded([SAMR, 'ccdi:340000'], ACK_BY, FEEDBACK_BY));
      });

      it('given no deadlines, when the registrar transfers, then they are now plus the periods of the context', () => {
        given(R).when(said([SAMR]), NHC).then(recorded([SAMR], '2026-11-15T02:00:00.000Z', '2026-12-10T02:00:00.000Z'));
        clueSpecification({ deadlines: { acknowledgeDays: 1, feedbackDays: 2 } })(R)
          .when(said([SAMR]), NHC)
          .then(recorded([SAMR], '2026-11-11T02:00:00.000Z', '2026-11-12T02:00:00.000Z'));
      });

      it('given only one deadline, when the registrar transfers, then only the other one defaults', () => {
        given(R).when(said([SAMR], { feedbackBy: FEEDBACK_BY }), NHC).then(recorded([SAMR], '2026-11-15T02:00:00.000Z', FEEDBACK_BY));
        given(R).when(said([SAMR], { acknowledgeBy: ACK_BY }), NHC).then(recorded([SAMR], ACK_BY, '2026-12-10T02:00:00.000Z'));
      });

      it('given a calendar in the context, when a deadline defaults, then the calendar counts the days', () => {
        // A stand-in for the working-day calendars to come: every "day" is a week here.
        const weeks = { addDays: (from: Date, days: number) => new Date(from.getTime() + days * 7 * 86_400_000) };
        clueSpecification({ calendar: weeks, deadlines: { acknowledgeDays: 1, feedbackDays: 4 } })(R)
          .when(said([SAMR]), NHC)
          .then(recorded([SAMR], '2026-11-17T02:00:00.000Z', '2026-12-08T02:00:00.000Z'));
      });

      it('judges the resolved terms: a bare code of the sender\'s own department is the sender', () => {
        given(R).when(said(['nhc']), NHC).thenThrows(E.RECIPIENT_IS_SENDER, { field: 'to' });
        given(R).when(said(['samr', SAMR]), NHC).thenThrows(E.RECIPIENT_LISTED_TWICE, { field: 'to', message: SAMR });
        given(R, ev.transferred('t0', NHC, [SAMR])).when(said(['samr']), NHC).thenThrows(E.DUPLICATE_RECIPIENT, { field: 'to', message: SAMR });
      });

      it('given a short feedback period, when both deadlines default, then the feedback deadline still may not precede the acknowledge deadline', () => {
        clueSpecification({ deadlines: { acknowledgeDays: 5, feedbackDays: 3 } })(R)
          .when(said([SAMR]), NHC)
          .thenThrows(E.FEEDBACK_DEADLINE_BEFORE_ACKNOWLEDGE_DEADLINE, { field: 'feedbackBy' });
      });

      it('given a policy, when a bare code names the required department, then the requirement is met', () => {
        const official = ev.registered(NHC, { category: 'kickback', subjects: [PHARMA, OFFICIAL], amountYuan: 10000 });
        givenWithPolicy(official)
          .when(said(['samr', 'ccdi'], { acknowledgeBy: ACK_BY, feedbackBy: FEEDBACK_BY }), NHC)
          .then(recorded([SAMR, CCDI], ACK_BY, FEEDBACK_BY, { policyVersion: ROUTING_POLICY_V1.version }));
      });
    });

    describe('deadlines', () => {
      it.each([
        ['tomorrow', 'acknowledgeBy'],
        ['2026-11-13', 'acknowledgeBy'],
        ['2026-11-13T18:00:00', 'acknowledgeBy'],
        ['2026-13-45T18:00:00Z', 'acknowledgeBy'],
      ] as const)('refuses acknowledgeBy %p: not an ISO date-time with a zone', (acknowledgeBy, field) => {
        given(R).when(cmd.transfer('t1', [SAMR], { acknowledgeBy }), NHC).thenThrows(E.INVALID_DEADLINE, { field });
      });

      it('refuses a malformed feedbackBy', () => {
        given(R).when(cmd.transfer('t1', [SAMR], { feedbackBy: '下周五' }), NHC).thenThrows(E.INVALID_DEADLINE, { field: 'feedbackBy' });
      });

      it('refuses acknowledgeBy in the past or exactly now', () => {
        given(R)
          .when(cmd.transfer('t1', [SAMR], { acknowledgeBy: '2026-11-09T10:00:00+08:00' }), NHC)
          .thenThrows(E.ACKNOWLEDGE_DEADLINE_NOT_IN_FUTURE, { field: 'acknowledgeBy' });
        given(R)
          .when(cmd.transfer('t1', [SAMR], { acknowledgeBy: TEST_NOW.toISOString() }), NHC)
          .thenThrows(E.ACKNOWLEDGE_DEADLINE_NOT_IN_FUTURE, { field: 'acknowledgeBy' });
      });

      it('compares instants, not strings (time zones)', () => {
        // 2026-11-10T09:59+08:00 is 01:59Z, before TEST_NOW (02:00Z) although it reads later.
        given(R)
          .when(cmd.transfer('t1', [SAMR], { acknowledgeBy: '2026-11-10T09:59:00+08:00' }), NHC)
          .thenThrows(E.ACKNOWLEDGE_DEADLINE_NOT_IN_FUTURE);
        given(R).when(cmd.transfer('t1', [SAMR], { acknowledgeBy: '2026-11-10T02:00:01Z', feedbackBy: '2026-11-10T10:00:01+08:00' }), NHC).then([
          { ...ev.transferred('t1', NHC, [SAMR]), data: { ...ev.transferred('t1', NHC, [SAMR]).data, acknowledgeBy: '2026-11-10T02:00:01Z', feedbackBy: '2026-11-10T10:00:01+08:00' } } as ClueEvent,
        ]);
      });

      it('refuses feedbackBy before acknowledgeBy, accepts them equal', () => {
        given(R)
          .when(cmd.transfer('t1', [SAMR], { feedbackBy: '2026-11-12T18:00:00+08:00' }), NHC)
          .thenThrows(E.FEEDBACK_DEADLINE_BEFORE_ACKNOWLEDGE_DEADLINE, { field: 'feedbackBy' });
        given(R)
          .when(cmd.transfer('t1', [SAMR], { feedbackBy: ACK_BY }), NHC)
          .then([{ type: 'ClueTransferred', data: { ...(ev.transferred('t1', NHC, [SAMR]).data as object), feedbackBy: ACK_BY } } as ClueEvent]);
      });
    });

    describe('with a routing policy', () => {
      const official = ev.registered(NHC, { category: 'kickback', subjects: [PHARMA, OFFICIAL], amountYuan: 10000 });
      const V1 = { policyVersion: ROUTING_POLICY_V1.version };

      it('given a policy, when the registrar transfers, then the transfer records the version it was checked against', () => {
        givenWithPolicy(R).when(cmd.transfer('t1', [SAMR]), NHC).then([ev.transferred('t1', NHC, [SAMR], V1)]);
      });

      it('refuses a transfer that leaves out a required department, naming it', () => {
        const err = givenWithPolicy(official)
          .when(cmd.transfer('t1', [SAMR]), NHC)
          .thenThrows(E.REQUIRED_RECIPIENT_MISSING, { field: 'to', message: 'ccdi' });
        expect(err.message).toContain(ROUTING_POLICY_V1.version);
        expect(err.message).toMatch(/official-involved-ccdi/);
      });

      it('accepts the transfer when it includes the required department, in any region', () => {
        givenWithPolicy(official).when(cmd.transfer('t1', [SAMR, CCDI]), NHC).then([ev.transferred('t1', NHC, [SAMR, CCDI], V1)]);
        givenWithPolicy(official).when(cmd.transfer('t1', ['ccdi:340000']), NHC).then([ev.transferred('t1', NHC, ['ccdi:340000'], V1)]);
      });

      it('counts an earlier transfer to the required department, whatever its answer', () => {
        const toCcdi = ev.transferred('t1', NHC, [CCDI]);
        givenWithPolicy(official, toCcdi).when(cmd.transfer('t2', [SAMR]), NHC).then([ev.transferred('t2', NHC, [SAMR], V1)]);
        givenWithPolicy(official, toCcdi, ev.rejected('t1', CCDI))
          .when(cmd.transfer('t2', [SAMR]), NHC)
          .then([ev.transferred('t2', NHC, [SAMR], V1)]);
      });

      it('counts a forward to the required department', () => {
        // History recorded without the policy (e.g. before it applied): SAMR forwarded to ccdi.
        givenWithPolicy(official, ev.transferred('t1', NHC, [SAMR]), ev.acknowledged('t1', SAMR), ev.forwarded('f1', 't1', SAMR, [CCDI]))
          .when(cmd.transfer('t2', [NHSA]), NHC)
          .then([ev.transferred('t2', NHC, [NHSA], V1)]);
      });

      it('does not require the registrar of its own department', () => {
        givenWithPolicy(ev.registered(CCDI, { subjects: [PHARMA, OFFICIAL], amountYuan: 10000 }))
          .when(cmd.transfer('t1', [SAMR]), CCDI)
          .then([ev.transferred('t1', CCDI, [SAMR], V1)]);
      });

      it('names every missing department', () => {
        const bribery = ev.registered(NHSA, { category: 'bribery', subjects: [PHARMA, OFFICIAL], amountYuan: 10000 });
        const err = givenWithPolicy(bribery).when(cmd.transfer('t1', [STA]), NHSA).thenThrows(E.REQUIRED_RECIPIENT_MISSING);
        expect(err.message).toMatch(/requires ccdi, samr /);
      });

      it('only suggests (does not require) the non-required routes', () => {
        givenWithPolicy(R).when(cmd.transfer('t1', [STA]), NHC).then([ev.transferred('t1', NHC, [STA], V1)]);
      });

      it('does not check without a policy', () => {
        given(official).when(cmd.transfer('t1', [SAMR]), NHC).then([ev.transferred('t1', NHC, [SAMR])]);
      });
    });
  });

  describe('AcknowledgeTransfer', () => {
    it('given a pending transfer, when a recipient acknowledges it, then TransferAcknowledged', () => {
      given(R, T1).when(cmd.acknowledge('t1'), SAMR).then([ev.acknowledged('t1', SAMR)]);
    });

    it("one recipient's answer does not answer for the others", () => {
      given(R, T1, ACK_SAMR).when(cmd.acknowledge('t1'), NHSA).then([ev.acknowledged('t1', NHSA)]);
      given(R, T1, ev.rejected('t1', SAMR)).when(cmd.acknowledge('t1'), NHSA).then([ev.acknowledged('t1', NHSA)]);
    });

    it('answers TRANSFER_NOT_FOUND for an unknown transfer or one to somebody else', () => {
      given(R, T1).when(cmd.acknowledge('nope'), SAMR).thenThrows(E.TRANSFER_NOT_FOUND, { kind: 'not-found', field: 'transferId' });
      given(R, T1).when(cmd.acknowledge('t1'), NHC).thenThrows(E.TRANSFER_NOT_FOUND, { kind: 'not-found' });
      given(R, T1, ev.transferred('t2', NHC, [MPS])).when(cmd.acknowledge('t2'), SAMR).thenThrows(E.TRANSFER_NOT_FOUND, { kind: 'not-found' });
    });

    it('answers CLUE_NOT_FOUND to an outsider', () => {
      given(R, T1).when(cmd.acknowledge('t1'), OUTSIDER).thenThrows(E.CLUE_NOT_FOUND, { kind: 'not-found' });
    });

    it('refuses a second answer', () => {
      given(R, T1, ACK_SAMR).when(cmd.acknowledge('t1'), SAMR).thenThrows(E.TRANSFER_ALREADY_ANSWERED, { message: 'acknowledged' });
      given(R, T1, ev.rejected('t1', SAMR)).when(cmd.acknowledge('t1'), SAMR).thenThrows(E.TRANSFER_ALREADY_ANSWERED, { message: 'rejected' });
    });

    it('acknowledges after the deadline passed (overdue is recorded, not a bar)', () => {
      given(R, T1, ev.overdue('t1', SAMR)).when(cmd.acknowledge('t1'), SAMR).then([ev.acknowledged('t1', SAMR)]);
    });
  });

  describe('RejectTransfer', () => {
    it('given a pending transfer, when a recipient rejects it with a reason, then TransferRejected', () => {
      given(R, T1).when(cmd.reject('t1', '不属本部门管辖'), SAMR).then([ev.rejected('t1', SAMR, '不属本部门管辖')]);
    });

    it.each([[''], [' \n ']])('refuses an empty reason %p', (reason) => {
      given(R, T1).when(cmd.reject('t1', reason), SAMR).thenThrows(E.REASON_REQUIRED, { field: 'reason' });
    });

    it('refuses a non-recipient and a second answer', () => {
      given(R, T1).when(cmd.reject('t1'), NHC).thenThrows(E.TRANSFER_NOT_FOUND, { kind: 'not-found' });
      given(R, T1, ACK_SAMR).when(cmd.reject('t1'), SAMR).thenThrows(E.TRANSFER_ALREADY_ANSWERED);
    });
  });

  describe('ForwardClue (转办)', () => {
    const f1 = (over: { note?: string } = {}): ClueEvent => ({
      type: 'ClueForwarded',
      data: { ...(ev.forwarded('f1', 't1', SAMR, [MPS]).data as object), ...over } as never,
    });

    it('given an acknowledged transfer, when the recipient forwards, then ClueForwarded via that transfer', () => {
      given(R, T1, ACK_SAMR).when(cmd.forward('f1', [MPS]), SAMR).then([ev.forwarded('f1', 't1', SAMR, [MPS])]);
      given(R, T1, ACK_SAMR).when(cmd.forward('f1', [MPS], { viaTransferId: 't1', note: '涉嫌犯罪' }), SAMR).then([f1({ note: '涉嫌犯罪' })]);
    });

    it('keeps the chain: the next recipient forwards via the forward', () => {
      given(R, T1, ACK_SAMR, ev.forwarded('f1', 't1', SAMR, [MPS]), ev.acknowledged('f1', MPS))
        .when(cmd.forward('f2', [CCDI]), MPS)
        .then([ev.forwarded('f2', 'f1', MPS, [CCDI])]);
    });

    it('refuses the registrar (it transfers)', () => {
      given(R, T1).when(cmd.forward('f1', [MPS]), NHC).thenThrows(E.ONLY_RECIPIENTS_MAY_FORWARD);
    });

    it('refuses before acknowledging', () => {
      given(R, T1).when(cmd.forward('f1', [MPS]), SAMR).thenThrows(E.MUST_ACKNOWLEDGE_FIRST);
      given(R, T1).when(cmd.forward('f1', [MPS], { viaTransferId: 't1' }), SAMR).thenThrows(E.MUST_ACKNOWLEDGE_FIRST, { field: 'viaTransferId' });
    });

    it('refuses a department that rejected the clue', () => {
      given(R, T1, ev.rejected('t1', SAMR)).when(cmd.forward('f1', [MPS]), SAMR).thenThrows(E.CLUE_REJECTED_BY_ACTOR);
      given(R, T1, ev.rejected('t1', SAMR))
        .when(cmd.forward('f1', [MPS], { viaTransferId: 't1' }), SAMR)
        .thenThrows(E.CLUE_REJECTED_BY_ACTOR, { field: 'viaTransferId' });
    });

    it('refuses a via transfer that is unknown or not to the actor', () => {
      given(R, T1, ACK_SAMR)
        .when(cmd.forward('f1', [MPS], { viaTransferId: 'nope' }), SAMR)
        .thenThrows(E.TRANSFER_NOT_FOUND, { field: 'viaTransferId', kind: 'not-found' });
    });

    it('infers the via transfer only when exactly one is acknowledged', () => {
      // Two acknowledged transfers to SAMR (history decide would not write today, but facts are facts).
      const twice = [R, T1, ACK_SAMR, ev.transferred('t2', NHC, [SAMR]), ev.acknowledged('t2', SAMR)];
      given(...twice).when(cmd.forward('f1', [MPS]), SAMR).thenThrows(E.AMBIGUOUS_TRANSFER, { field: 'viaTransferId', message: 't1, t2' });
      given(...twice).when(cmd.forward('f1', [MPS], { viaTransferId: 't2' }), SAMR).then([ev.forwarded('f1', 't2', SAMR, [MPS])]);
      // A rejected and an acknowledged transfer: the acknowledged one.
      given(R, T1, ev.rejected('t1', SAMR), ev.transferred('t2', NHC, [SAMR]), ev.acknowledged('t2', SAMR))
        .when(cmd.forward('f1', [MPS]), SAMR)
        .then([ev.forwarded('f1', 't2', SAMR, [MPS])]);
    });

    it('applies the recipient rules', () => {
      const g = given(R, T1, ACK_SAMR);
      g.when(cmd.forward('f1', []), SAMR).thenThrows(E.RECIPIENTS_REQUIRED, { field: 'to' });
      g.when(cmd.forward('f1', [MPS, MPS]), SAMR).thenThrows(E.RECIPIENT_LISTED_TWICE, { field: 'to' });
      g.when(cmd.forward('f1', ['police']), SAMR).thenThrows(E.INVALID_RECIPIENT, { field: 'to' });
      g.when(cmd.forward('f1', [SAMR]), SAMR).thenThrows(E.RECIPIENT_IS_SENDER, { field: 'to' });
      g.when(cmd.forward('f1', [NHC]), SAMR).thenThrows(E.RECIPIENT_IS_REGISTRAR, { field: 'to' });
      g.when(cmd.forward('f1', [NHSA]), SAMR).thenThrows(E.DUPLICATE_RECIPIENT, { field: 'to', message: NHSA });
      given(R, T1, ACK_SAMR, ev.rejected('t1', NHSA)).when(cmd.forward('f1', [NHSA]), SAMR).then([ev.forwarded('f1', 't1', SAMR, [NHSA])]);
    });

    it('applies the transfer id, basis and deadline rules', () => {
      const g = given(R, T1, ACK_SAMR);
      g.when(cmd.forward('t1', [MPS]), SAMR).thenThrows(E.TRANSFER_ID_IN_USE, { field: 'transferId' });
      g.when(cmd.forward('f1', [MPS], { basis: '' }), SAMR).thenThrows(E.BASIS_REQUIRED, { field: 'basis' });
      g.when(cmd.forward('f1', [MPS], { acknowledgeBy: '2026-11-01T00:00:00Z' }), SAMR).thenThrows(E.ACKNOWLEDGE_DEADLINE_NOT_IN_FUTURE, {
        field: 'acknowledgeBy',
      });
      g.when(cmd.forward('f1', [MPS], { feedbackBy: '2026-11-11T00:00:00Z' }), SAMR).thenThrows(E.FEEDBACK_DEADLINE_BEFORE_ACKNOWLEDGE_DEADLINE, {
        field: 'feedbackBy',
      });
      g.when(cmd.forward('f1', [MPS], { feedbackBy: 'soon' }), SAMR).thenThrows(E.INVALID_DEADLINE, { field: 'feedbackBy' });
    });

    it('resolves its terms as a transfer does: bare codes in the forwarder\'s region, deadlines from the periods', () => {
      const said: ClueCommand = { type: 'ForwardClue', data: { transferId: 'f1', to: ['mps'], basis: BASIS } };
      given(R, T1, ACK_SAMR)
        .when(said, SAMR)
        .then([
          {
            type: 'ClueForwarded',
            data: {
              clueId: CLUE_ID,
              transferId: 'f1',
              viaTransferId: 't1',
              from: SAMR,
              to: [MPS],
              basis: BASIS,
              acknowledgeBy: '2026-11-15T02:00:00.000Z',
              feedbackBy: '2026-12-10T02:00:00.000Z',
            },
          },
        ]);
    });

    it('is not subject to the routing policy (the registrar answers for routing)', () => {
      const official = ev.registered(NHC, { subjects: [PHARMA, OFFICIAL], amountYuan: 10000 });
      givenWithPolicy(official, ev.transferred('t1', NHC, [SAMR, CCDI]), ACK_SAMR)
        .when(cmd.forward('f1', [MPS]), SAMR)
        .then([ev.forwarded('f1', 't1', SAMR, [MPS])]);
    });

    it('answers CLUE_NOT_FOUND to an outsider', () => {
      given(R, T1, ACK_SAMR).when(cmd.forward('f1', [MPS]), OUTSIDER).thenThrows(E.CLUE_NOT_FOUND, { kind: 'not-found' });
    });
  });

  describe('OpenInvestigation', () => {
    it('the registrar investigates its own clue without any transfer', () => {
      given(R).when(cmd.open(BASIS, '自查'), NHC).then([{ type: 'InvestigationOpened', data: { clueId: CLUE_ID, by: NHC, basis: BASIS, note: '自查' } }]);
    });

    it('a recipient investigates after acknowledging (一案多查: each its own track)', () => {
      given(R, T1, ACK_SAMR).when(cmd.open(), SAMR).then([ev.opened(SAMR)]);
      given(R, T1, ACK_SAMR, ev.opened(SAMR), ev.acknowledged('t1', NHSA)).when(cmd.open(), NHSA).then([ev.opened(NHSA)]);
      given(R, T1, ev.opened(NHC)).when(cmd.open(), NHC).thenThrows(E.INVESTIGATION_ALREADY_OPEN);
    });

    it('a forward recipient investigates after acknowledging the forward', () => {
      given(R, T1, ACK_SAMR, ev.forwarded('f1', 't1', SAMR, [MPS]), ev.acknowledged('f1', MPS)).when(cmd.open(), MPS).then([ev.opened(MPS)]);
    });

    it('refuses before acknowledging', () => {
      given(R, T1).when(cmd.open(), SAMR).thenThrows(E.MUST_ACKNOWLEDGE_FIRST);
    });

    it('refuses a department that rejected every transfer to it, until it acknowledges a new one', () => {
      const rejected = [R, T1, ev.rejected('t1', SAMR)];
      given(...rejected).when(cmd.open(), SAMR).thenThrows(E.CLUE_REJECTED_BY_ACTOR);
      given(...rejected, ev.transferred('t2', NHC, [SAMR])).when(cmd.open(), SAMR).thenThrows(E.MUST_ACKNOWLEDGE_FIRST);
      given(...rejected, ev.transferred('t2', NHC, [SAMR]), ev.acknowledged('t2', SAMR)).when(cmd.open(), SAMR).then([ev.opened(SAMR)]);
    });

    it('refuses a second investigation by the same department', () => {
      given(R, T1, ACK_SAMR, ev.opened(SAMR)).when(cmd.open(), SAMR).thenThrows(E.INVESTIGATION_ALREADY_OPEN);
    });

    it('refuses an empty basis', () => {
      given(R).when(cmd.open(' '), NHC).thenThrows(E.BASIS_REQUIRED, { field: 'basis' });
    });

    it('answers CLUE_NOT_FOUND to an outsider', () => {
      given(R).when(cmd.open(), OUTSIDER).thenThrows(E.CLUE_NOT_FOUND, { kind: 'not-found' });
    });
  });

  describe('RecordFinding', () => {
    const open = [R, T1, ACK_SAMR, ev.opened(SAMR)];

    it.each(['substantiated', 'partly-substantiated', 'unsubstantiated', 'unverifiable'] as const)('records a finding %s', (result) => {
      given(...open).when(cmd.find(result, '核查结果'), SAMR).then([ev.found(SAMR, result, '核查结果')]);
    });

    it('records the evidence the finding rests on (FindingRecorded v2); none when the command names none', () => {
      const evidence = [{ sha256: 'b'.repeat(64), name: '询问笔录.pdf', mediaType: 'application/pdf' }];
      given(...open).when(cmd.find('substantiated', '核查结果', evidence), SAMR).then([ev.found(SAMR, 'substantiated', '核查结果', evidence)]);
      given(...open).when(cmd.find('substantiated', '核查结果'), SAMR).then([ev.found(SAMR, 'substantiated', '核查结果', [])]);
    });

    it('refuses without an open investigation, saying what is needed', () => {
      given(R, T1, ACK_SAMR).when(cmd.find(), SAMR).thenThrows(E.ILLEGAL_TRANSITION, { message: 'open an investigation' });
      // The track is per department: SAMR's investigation is not NHSA's.
      given(...open, ev.acknowledged('t1', NHSA)).when(cmd.find(), NHSA).thenThrows(E.ILLEGAL_TRANSITION);
    });

    it('refuses a second finding', () => {
      given(...open, ev.found(SAMR)).when(cmd.find('unsubstantiated'), SAMR).thenThrows(E.ILLEGAL_TRANSITION, { message: 'already recorded' });
    });

    it('refuses an empty summary', () => {
      given(...open).when(cmd.find('substantiated', ''), SAMR).thenThrows(E.SUMMARY_REQUIRED, { field: 'summary' });
    });
  });

  describe('DecideDisposition', () => {
    const found = [R, T1, ACK_SAMR, ev.opened(SAMR), ev.found(SAMR)];

    it('decides the measures after a finding', () => {
      const measures = [
        { kind: 'administrative-penalty' as const, detail: '没收违法所得, 罚款', basis: '反不正当竞争法 第十九条' },
        { kind: 'credit-rating' as const, detail: '提请医保部门招采信用评价' },
      ];
      given(...found).when(cmd.dispose(measures), SAMR).then([ev.disposed(SAMR, measures)]);
    });

    it('accepts no-action alone', () => {
      given(...found).when(cmd.dispose([{ kind: 'no-action', detail: '情节轻微' }]), SAMR).then([ev.disposed(SAMR, [{ kind: 'no-action', detail: '情节轻微' }])]);
    });

    it('refuses before a finding', () => {
      given(R, T1, ACK_SAMR).when(cmd.dispose(), SAMR).thenThrows(E.ILLEGAL_TRANSITION, { message: 'open an investigation and record a finding' });
      given(R, T1, ACK_SAMR, ev.opened(SAMR)).when(cmd.dispose(), SAMR).thenThrows(E.ILLEGAL_TRANSITION, { message: 'record a finding' });
    });

    it('refuses a second disposition, and one after feedback closed the track', () => {
      given(...found, ev.disposed(SAMR)).when(cmd.dispose(), SAMR).thenThrows(E.ILLEGAL_TRANSITION, { message: 'already decided' });
      given(R, T1, ACK_SAMR, ev.opened(SAMR), ev.found(SAMR, 'unsubstantiated'), ev.fedBack(SAMR, NHC, 't1'))
        .when(cmd.dispose(), SAMR)
        .thenThrows(E.ILLEGAL_TRANSITION, { message: 'closed' });
    });

    it('refuses no measures, and no-action beside other measures', () => {
      given(...found).when(cmd.dispose([]), SAMR).thenThrows(E.MEASURES_REQUIRED, { field: 'measures' });
      given(...found)
        .when(cmd.dispose([{ kind: 'no-action', detail: '-' }, { kind: 'discipline', detail: '警告' }]), SAMR)
        .thenThrows(E.NO_ACTION_WITH_OTHER_MEASURES, { field: 'measures' });
    });
  });

  describe('SendFeedback (反馈)', () => {
    const disposed = [R, T1, ACK_SAMR, ev.opened(SAMR), ev.found(SAMR), ev.disposed(SAMR)];

    it('sends feedback to the sender of the transfer the actor received (inferred)', () => {
      given(...disposed).when(cmd.feedback(undefined, '已立案查处, 罚款20万元'), SAMR).then([ev.fedBack(SAMR, NHC, 't1', '已立案查处, 罚款20万元')]);
    });

    it('sends feedback on a named transfer', () => {
      given(...disposed).when(cmd.feedback('t1'), SAMR).then([ev.fedBack(SAMR, NHC, 't1')]);
    });

    it('a forward recipient answers the forwarder, not the registrar', () => {
      given(R, T1, ACK_SAMR, ev.forwarded('f1', 't1', SAMR, [MPS]), ev.acknowledged('f1', MPS), ev.opened(MPS), ev.found(MPS, 'unverifiable'))
        .when(cmd.feedback(), MPS)
        .then([ev.fedBack(MPS, SAMR, 'f1')]);
    });

    it('refuses the registrar investigating its own clue: nothing to answer', () => {
      given(R, ev.opened(NHC), ev.found(NHC), ev.disposed(NHC)).when(cmd.feedback(), NHC).thenThrows(E.NOTHING_TO_ANSWER);
      given(R, T1, ev.opened(NHC), ev.found(NHC), ev.disposed(NHC)).when(cmd.feedback('t1'), NHC).thenThrows(E.NOTHING_TO_ANSWER);
    });

    it('requires a finding', () => {
      given(R, T1, ACK_SAMR).when(cmd.feedback(), SAMR).thenThrows(E.FEEDBACK_REQUIRES_FINDING, { message: 'open an investigation' });
      given(R, T1, ACK_SAMR, ev.opened(SAMR)).when(cmd.feedback(), SAMR).thenThrows(E.FEEDBACK_REQUIRES_FINDING);
    });

    it.each(['substantiated', 'partly-substantiated'] as const)('requires a disposition when the finding is %s', (result) => {
      given(R, T1, ACK_SAMR, ev.opened(SAMR), ev.found(SAMR, result)).when(cmd.feedback(), SAMR).thenThrows(E.FEEDBACK_REQUIRES_DISPOSITION);
    });

    it.each(['unsubstantiated', 'unverifiable'] as const)('needs no disposition when the finding is %s', (result) => {
      given(R, T1, ACK_SAMR, ev.opened(SAMR), ev.found(SAMR, result)).when(cmd.feedback(), SAMR).then([ev.fedBack(SAMR, NHC, 't1')]);
    });

    it('sends one feedback per received transfer', () => {
      given(...disposed, ev.fedBack(SAMR, NHC, 't1')).when(cmd.feedback(), SAMR).thenThrows(E.FEEDBACK_ALREADY_SENT);
      given(...disposed, ev.fedBack(SAMR, NHC, 't1')).when(cmd.feedback('t1'), SAMR).thenThrows(E.FEEDBACK_ALREADY_SENT, { field: 'transferId' });
    });

    it('with two acknowledged transfers: names the one left, refuses to guess between two', () => {
      const two = [R, T1, ACK_SAMR, ev.transferred('t2', NHC, [SAMR]), ev.acknowledged('t2', SAMR), ev.opened(SAMR), ev.found(SAMR, 'unverifiable')];
      given(...two).when(cmd.feedback(), SAMR).thenThrows(E.AMBIGUOUS_TRANSFER, { field: 'transferId' });
      given(...two, ev.fedBack(SAMR, NHC, 't1')).when(cmd.feedback(), SAMR).then([ev.fedBack(SAMR, NHC, 't2')]);
      given(...two).when(cmd.feedback('t2'), SAMR).then([ev.fedBack(SAMR, NHC, 't2')]);
    });

    it('refuses a named transfer that is unknown, not to the actor, pending or rejected', () => {
      given(...disposed).when(cmd.feedback('nope'), SAMR).thenThrows(E.TRANSFER_NOT_FOUND, { field: 'transferId', kind: 'not-found' });
      given(...disposed, ev.transferred('t2', NHC, [MPS])).when(cmd.feedback('t2'), SAMR).thenThrows(E.TRANSFER_NOT_FOUND, { kind: 'not-found' });
      given(...disposed, ev.transferred('t2', NHC, ['samr:340000'])).when(cmd.feedback('t2'), SAMR).thenThrows(E.TRANSFER_NOT_FOUND);
      const withPending = [R, T1, ev.rejected('t1', SAMR), ev.transferred('t2', NHC, [SAMR]), ev.acknowledged('t2', SAMR), ev.opened(SAMR), ev.found(SAMR, 'unverifiable'), ev.transferred('t3', NHC, ['samr:340000'])];
      given(...withPending).when(cmd.feedback('t1'), SAMR).thenThrows(E.CLUE_REJECTED_BY_ACTOR, { field: 'transferId' });
      given(...withPending).when(cmd.feedback(), SAMR).then([ev.fedBack(SAMR, NHC, 't2')]);
    });

    it('refuses a recipient that has not acknowledged', () => {
      given(R, T1).when(cmd.feedback(), SAMR).thenThrows(E.MUST_ACKNOWLEDGE_FIRST);
      given(R, T1).when(cmd.feedback('t1'), SAMR).thenThrows(E.MUST_ACKNOWLEDGE_FIRST, { field: 'transferId' });
    });

    it('refuses an empty summary', () => {
      given(...disposed).when(cmd.feedback('t1', ' '), SAMR).thenThrows(E.SUMMARY_REQUIRED, { field: 'summary' });
    });

    it('answers CLUE_NOT_FOUND to an outsider', () => {
      given(...disposed).when(cmd.feedback('t1'), OUTSIDER).thenThrows(E.CLUE_NOT_FOUND, { kind: 'not-found' });
    });
  });
});

function stripUndefined(e: ClueEvent): ClueEvent {
  return JSON.parse(JSON.stringify(e)) as ClueEvent;
}
