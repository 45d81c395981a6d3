import fc from 'fast-check';
import {
  CLUE_CATEGORIES,
  CLUE_SOURCES,
  DISPOSITION_KINDS,
  FINDING_RESULTS,
  SUBJECT_KINDS,
  SUBJECT_ROLES,
  type AttachmentRef,
  type ClueEvent,
  type DispositionMeasure,
  type SubjectRecord,
} from '@cluebus/contracts';
import { allRecipients, allTransfers, ClueErrorCodes, clueDecider, DomainError, foldClue, ROUTING_POLICY_V1, transfersToWithStatus, type ClueCommand, type ClueState } from '@cluebus/domain';
import { ACK_BY, BASIS, CCDI, CLUE_ID, clueContext, deepEqual, deepFreeze, DOCTOR, FEEDBACK_BY, MPS, NHC, NHSA, OFFICIAL, OUTSIDER, PHARMA, SAMR, STA } from '@cluebus/domain/testing';
import { clueEventViolations } from './clue-event-schema';

/*
 * Random commands by random actors in random order, folded as the system folds them: decide on
 * the current state, append only what was decided, evolve. Whatever the sequence, a refusal is
 * a DomainError, every decided event passes its schema, the history obeys the clue's lifecycle
 * and the state is the fold of that history. Commands are as the API hands them over (shape
 * validated: enums from their sets); everything the decider itself must judge — who acts, in
 * which state, on which transfer, recipients, deadlines, blank text, amounts — is random.
 */

const RUNS = 200;
const INSTANCES = [NHC, NHSA, SAMR, CCDI, MPS, STA, OUTSIDER];
/** Not department instances: refused as actors (INVALID_ACTOR) and as recipients. */
const NOT_INSTANCES = ['samr', 'investigator', '', 'police:341300', 'samr:999999'];
const TRANSFER_IDS = ['01937a8e-0000-7000-8000-000000000001', '01937a8e-0000-7000-8000-000000000002', '01937a8e-0000-7000-8000-000000000003', '01937a8e-0000-7000-8000-000000000004'];
const ERROR_CODES = new Set<string>(Object.values(ClueErrorCodes));

/**
 * Who acts, as a role resolved against the state at that step: the registrar, one of the
 * departments the clue was sent to (by index), any department instance, or no instance at all.
 * Uniformly random departments would almost never be the one that can act, and the runs would
 * rarely get past registration.
 */
type ActorRole =
  | { role: 'registrar' }
  | { role: 'recipient' | 'acknowledger'; index: number }
  | { role: 'anyone'; who: string }
  | { role: 'no-instance'; who: string };
const actor: fc.Arbitrary<ActorRole> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ role: 'registrar' as const }) },
  { weight: 4, arbitrary: fc.nat(5).map((index) => ({ role: 'recipient' as const, index })) },
  { weight: 4, arbitrary: fc.nat(5).map((index) => ({ role: 'acknowledger' as const, index })) },
  { weight: 2, arbitrary: fc.constantFrom(...INSTANCES).map((who) => ({ role: 'anyone' as const, who })) },
  { weight: 1, arbitrary: fc.constantFrom(...NOT_INSTANCES).map((who) => ({ role: 'no-instance' as const, who })) },
);

function resolveActor(a: ActorRole, state: ClueState): string {
  switch (a.role) {
    case 'registrar':
      return state.exists ? state.registeredBy : NHC;
    case 'recipient':
    case 'acknowledger': {
      const all = allRecipients(state);
      const recipients = a.role === 'recipient' ? all : all.filter((r) => transfersToWithStatus(state, r, 'acknowledged').length > 0);
      // None yet: the registrar, who alone can act on a clue no one else was sent.
      return recipients.length > 0 ? recipients[a.index % recipients.length] : state.exists ? state.registeredBy : NHC;
    }
    default:
      return a.who;
  }
}

/** Text as the decider may get it: real, blank (the DTO's IsNotEmpty lets '  ' through), or random. */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(BASIS, '经查属实', '不属本部门职责', 'x') },
  { weight: 1, arbitrary: fc.constantFrom(' ', '\t\n', '') },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
);
const someText = text.filter((s) => s !== '');
const recipient = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('samr', 'sta', 'mps', 'ccdi', 'nhsa', 'nhc') },
  { weight: 4, arbitrary: fc.constantFrom(...INSTANCES) },
  { weight: 1, arbitrary: fc.constantFrom(...NOT_INSTANCES) },
);
/** Distinct recipients mostly; sometimes none, or one listed twice. */
const recipients: fc.Arbitrary<string[]> = fc.uniqueArray(recipient, { minLength: 1, maxLength: 3 }).chain((to) =>
  fc.oneof({ weight: 8, arbitrary: fc.constant(to) }, { weight: 1, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.constant<string[]>([...to, to[0]]) }),
);
/** Mostly none (the context's periods) or valid; sometimes now, past, no calendar date, no zone, no date at all. */
const deadline = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.constantFrom(ACK_BY, FEEDBACK_BY, '2027-01-01T00:00:00+08:00') },
  { weight: 1, arbitrary: fc.constantFrom('2026-11-10T02:00:00Z', '2020-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-11-13T18:00:00', 'tomorrow', '') },
);
/**
 * A transfer id: mostly `@n`, the n-th transfer the clue has at that step (resolved in run, so
 * answers and feedback meet real transfers), else one of a small pool (so new transfers get
 * ids, and some collide).
 */
const transferId = fc.oneof({ weight: 3, arbitrary: fc.nat(3).map((n) => `@${n}`) }, { weight: 2, arbitrary: fc.constantFrom(...TRANSFER_IDS) });
const newTransferId = fc.oneof({ weight: 1, arbitrary: fc.nat(3).map((n) => `@${n}`) }, { weight: 4, arbitrary: fc.constantFrom(...TRANSFER_IDS) });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const attachment: fc.Arbitrary<AttachmentRef> = fc.record({ sha256: fc.constantFrom('a'.repeat(64), 'b'.repeat(64)), name: fc.constantFrom('report.pdf', '举报信.pdf') });
const subject: fc.Arbitrary<SubjectRecord> = fc.oneof(
  fc.constantFrom(PHARMA, DOCTOR, OFFICIAL),
  fc.record(
    { kind: fc.constantFrom(...SUBJECT_KINDS), name: fc.constantFrom('某公司', '张某'), role: fc.constantFrom(...SUBJECT_ROLES), isOfficial: fc.boolean(), position: fc.constantFrom('科长', '') },
    { requiredKeys: ['kind', 'name'] },
  ),
);
const measure: fc.Arbitrary<DispositionMeasure> = fc.record({ kind: fc.constantFrom(...DISPOSITION_KINDS), detail: fc.constantFrom('罚款20万元', '无需处理') });
/** Shape-valid (finite, ≥ 0) amounts and the ones AmountMustBeNonNegative is there for. */
const amount = optional(fc.oneof(fc.nat(1_000_000), fc.double({ noDefaultInfinity: false }), fc.constantFrom(-1, Number.NaN, Number.POSITIVE_INFINITY)));

const command: fc.Arbitrary<ClueCommand> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .record({
        source: fc.constantFrom(...CLUE_SOURCES),
        category: fc.constantFrom(...CLUE_CATEGORIES),
        alsoConcerns: fc.uniqueArray(fc.constantFrom(...CLUE_CATEGORIES), { maxLength: 3 }),
        summary: someText,
        subjects: fc.array(subject, { minLength: 1, maxLength: 3 }),
        attachments: fc.array(attachment, { maxLength: 2 }),
        reporter: optional(fc.record({ anonymous: fc.boolean() })),
        amountYuan: amount,
      })
      .map(({ reporter, amountYuan, ...d }): ClueCommand => ({
        type: 'RegisterClue',
        data: { clueId: CLUE_ID, ...d, ...(reporter ? { reporter } : {}), ...(amountYuan !== undefined ? { amountYuan } : {}) },
      })),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({ transferId: newTransferId, to: recipients, basis: text, note: optional(text), acknowledgeBy: deadline, feedbackBy: deadline })
      .map((d): ClueCommand => ({ type: 'TransferClue', data: definedOnly(d) })),
  },
  { weight: 5, arbitrary: transferId.map((id): ClueCommand => ({ type: 'AcknowledgeTransfer', data: { transferId: id } })) },
  { weight: 2, arbitrary: fc.record({ transferId, reason: text }).map((data): ClueCommand => ({ type: 'RejectTransfer', data })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ transferId: newTransferId, viaTransferId: optional(transferId), to: recipients, basis: text, acknowledgeBy: deadline, feedbackBy: deadline })
      .map((d): ClueCommand => ({ type: 'ForwardClue', data: definedOnly(d) })),
  },
  { weight: 4, arbitrary: fc.record({ basis: text, note: optional(text) }).map((d): ClueCommand => ({ type: 'OpenInvestigation', data: definedOnly(d) })) },
  {
    weight: 4,
    arbitrary: fc
      .record({ result: fc.constantFrom(...FINDING_RESULTS), summary: text, evidence: optional(fc.array(attachment, { maxLength: 2 })) })
      .map((d): ClueCommand => ({ type: 'RecordFinding', data: definedOnly(d) })),
  },
  { weight: 3, arbitrary: fc.array(measure, { maxLength: 3 }).map((measures): ClueCommand => ({ type: 'DecideDisposition', data: { measures } })) },
  {
    weight: 4,
    arbitrary: fc.record({ transferId: optional(transferId), summary: text }).map((d): ClueCommand => ({ type: 'SendFeedback', data: definedOnly(d) })),
  },
  // Not in the type: what a caller bypassing the type system could send.
  { weight: 1, arbitrary: fc.constant({ type: 'CloseClue', data: {} } as unknown as ClueCommand) },
);

/** The command with `@n` transfer ids replaced by the n-th existing transfer's id (the first pool id when there is none). */
function resolveTransferIds(command: ClueCommand, state: ClueState): ClueCommand {
  const ids = allTransfers(state).map((t) => t.transferId);
  const resolve = (v: unknown) => (typeof v === 'string' && v.startsWith('@') ? (ids.length ? ids[Number(v.slice(1)) % ids.length] : TRANSFER_IDS[0]) : v);
  const data = command.data as Record<string, unknown>;
  if (!('transferId' in data) && !('viaTransferId' in data)) return command;
  return { ...command, data: definedOnly({ ...data, transferId: resolve(data.transferId), viaTransferId: resolve(data.viaTransferId) }) } as ClueCommand;
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

interface Scenario {
  /** Mostly starting from a clue nhc registered, so that the steps after registration get exercised. */
  registeredFirst: boolean;
  steps: Array<{ command: ClueCommand; actor: ActorRole }>;
  /** With the routing policy in force (required co-recipients), or none. */
  policy: boolean;
}
const scenario: fc.Arbitrary<Scenario> = fc.record({
  registeredFirst: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  steps: fc.array(fc.record({ command, actor }), { minLength: 5, maxLength: 50, size: 'medium' }),
  policy: fc.boolean(),
});

/**
 * 延期 on its own: a clue nhc registered and transferred to samr and nhsa, then requests,
 * grants, denials and answers by the sender, the recipients or anyone — the general scenario
 * rarely lines a request and its decision up on the same transfer.
 */
const extensionCommand: fc.Arbitrary<ClueCommand> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ transferId, days: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 10 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 31, 1.5, -2) }), reason: text })
      .map((data): ClueCommand => ({ type: 'RequestExtension', data })),
  },
  { weight: 2, arbitrary: fc.record({ transferId, recipient: optional(recipient) }).map((d): ClueCommand => ({ type: 'GrantExtension', data: definedOnly(d) })) },
  { weight: 2, arbitrary: fc.record({ transferId, recipient: optional(recipient), reason: text }).map((d): ClueCommand => ({ type: 'DenyExtension', data: definedOnly(d) })) },
  { weight: 1, arbitrary: transferId.map((id): ClueCommand => ({ type: 'AcknowledgeTransfer', data: { transferId: id } })) },
  { weight: 1, arbitrary: fc.record({ transferId, reason: text }).map((data): ClueCommand => ({ type: 'RejectTransfer', data })) },
);
const firstTransfer: Scenario['steps'][number] = {
  command: { type: 'TransferClue', data: { transferId: TRANSFER_IDS[0] as string, to: ['samr', 'nhsa'], basis: BASIS } },
  actor: { role: 'registrar' },
};
const extensionScenario: fc.Arbitrary<Scenario> = fc.record({
  registeredFirst: fc.constant(true),
  steps: fc.array(fc.record({ command: extensionCommand, actor }), { minLength: 3, maxLength: 25 }).map((steps) => [firstTransfer, ...steps]),
  policy: fc.constant(false),
});

interface Outcome {
  history: ClueEvent[];
  state: ClueState;
  problems: string[];
}

/** Runs the steps as handleCommand does: decide on the current state; only decided events are appended and folded. */
function run({ registeredFirst, steps, policy }: Scenario): Outcome {
  const register: ClueCommand = { type: 'RegisterClue', data: { clueId: CLUE_ID, source: 'report', category: 'kickback', alsoConcerns: [], summary: '回扣', subjects: [PHARMA], attachments: [] } };
  const all: Scenario['steps'] = registeredFirst ? [{ command: register, actor: { role: 'anyone', who: NHC } }, ...steps] : steps;
  const history: ClueEvent[] = [];
  const problems: string[] = [];
  let state = deepFreeze(clueDecider.initialState());
  for (const step of all) {
    const command = resolveTransferIds(step.command, state);
    const actor = resolveActor(step.actor, state);
    let decided: ClueEvent[];
    try {
      // Frozen inputs: a decide that mutates its state or command throws a TypeError here.
      decided = clueDecider.decide(deepFreeze(structuredClone(command)), state, clueContext(actor, policy ? { routingPolicy: ROUTING_POLICY_V1 } : {}));
    } catch (e) {
      if (!(e instanceof DomainError)) problems.push(`${command.type} by ${actor} threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
      else if (!ERROR_CODES.has(e.code) || !['rule', 'not-found', 'forbidden'].includes(e.kind)) problems.push(`${command.type}: DomainError with unknown code ${e.code} / kind ${e.kind}`);
      continue;
    }
    for (const event of decided) {
      problems.push(...clueEventViolations(event));
      if (actingDepartment(event) !== actor) problems.push(`${event.type} decided for ${actor} names ${actingDepartment(event)} as the actor`);
      history.push(event);
      state = deepFreeze(clueDecider.evolve(state, structuredClone(event)));
    }
  }
  return { history, state, problems };
}

function actingDepartment(e: ClueEvent): string | undefined {
  const d = e.data as unknown as Record<string, unknown>;
  return (d.registeredBy ?? d.from ?? d.by) as string | undefined;
}

/** The clue's lifecycle over a whole history: what no sequence of decisions may produce. */
function lifecycleViolations(history: ClueEvent[]): string[] {
  const v: string[] = [];
  if (history.length === 0) return v;
  if (history[0].type !== 'ClueRegistered' || history.filter((e) => e.type === 'ClueRegistered').length !== 1) v.push('a history starts with its one ClueRegistered');
  const registrar = history[0].type === 'ClueRegistered' ? history[0].data.registeredBy : '';
  const transfers = new Map<string, { from: string; to: string[] }>();
  const answers = new Map<string, 'acknowledged' | 'rejected'>();
  const key = (tid: string, by: string) => `${tid} ${by}`;
  const opened = new Set<string>();
  const findings = new Map<string, string>();
  const disposed = new Set<string>();
  const fedBack = new Set<string>();
  const fedBackBy = new Set<string>();
  /** Undecided extension requests, by transfer and recipient, and the deadline each asked about. */
  const extensionAsked = new Set<string>();
  const lastAsked = new Map<string, 'acknowledge' | 'feedback'>();
  const holds = (who: string) => who === registrar || [...transfers.entries()].some(([tid, t]) => t.to.includes(who) && answers.get(key(tid, who)) !== 'rejected');

  for (const e of history) {
    if (e.data.clueId !== CLUE_ID) v.push(`${e.type} of another clue ${e.data.clueId}`);
    switch (e.type) {
      case 'ClueRegistered':
        break;
      case 'ClueTransferred':
      case 'ClueForwarded': {
        const d = e.data;
        if (transfers.has(d.transferId)) v.push(`transfer id ${d.transferId} used twice`);
        if (e.type === 'ClueTransferred' && d.from !== registrar) v.push(`${d.from} transferred a clue it did not register`);
        if (e.type === 'ClueForwarded' && answers.get(key(e.data.viaTransferId, d.from)) !== 'acknowledged') v.push(`${d.from} forwarded through ${e.data.viaTransferId}, which it did not acknowledge`);
        for (const r of d.to) {
          if (r === d.from || r === registrar) v.push(`${e.type} to its sender or registrar ${r}`);
          else if (holds(r)) v.push(`${e.type} to ${r}, which already holds the clue`);
        }
        transfers.set(d.transferId, { from: d.from, to: d.to });
        break;
      }
      case 'TransferAcknowledged':
      case 'TransferRejected': {
        const { transferId, by } = e.data;
        if (!transfers.get(transferId)?.to.includes(by)) v.push(`${by} answered transfer ${transferId}, which was not sent to it`);
        const before = answers.get(key(transferId, by));
        if (before) v.push(`transfer ${transferId} both ${before} and ${e.type === 'TransferAcknowledged' ? 'acknowledged' : 'rejected'} by ${by}`);
        answers.set(key(transferId, by), e.type === 'TransferAcknowledged' ? 'acknowledged' : 'rejected');
        break;
      }
      case 'InvestigationOpened': {
        const { by } = e.data;
        if (opened.has(by)) v.push(`${by} opened two investigations`);
        const acknowledgedOne = [...answers.entries()].some(([k, a]) => k.endsWith(` ${by}`) && a === 'acknowledged');
        if (by !== registrar && !acknowledgedOne) v.push(`${by} investigates without having acknowledged a transfer`);
        opened.add(by);
        break;
      }
      case 'FindingRecorded':
        if (!opened.has(e.data.by)) v.push(`finding by ${e.data.by} without an investigation`);
        if (findings.has(e.data.by)) v.push(`second finding by ${e.data.by}`);
        findings.set(e.data.by, e.data.result);
        break;
      case 'DispositionDecided':
        if (!findings.has(e.data.by)) v.push(`disposition by ${e.data.by} without a finding`);
        if (disposed.has(e.data.by)) v.push(`second disposition by ${e.data.by}`);
        if (fedBackBy.has(e.data.by)) v.push(`disposition by ${e.data.by} after its feedback closed the track`);
        disposed.add(e.data.by);
        break;
      case 'FeedbackSent': {
        const { by, to, transferId } = e.data;
        const result = findings.get(by);
        if (result === undefined) v.push(`feedback by ${by} without a finding`);
        if ((result === 'substantiated' || result === 'partly-substantiated') && !disposed.has(by)) v.push(`feedback by ${by} on a ${result} finding without a disposition`);
        if (answers.get(key(transferId, by)) !== 'acknowledged') v.push(`feedback by ${by} on transfer ${transferId}, which it did not acknowledge`);
        if (transfers.get(transferId)?.from !== to) v.push(`feedback on ${transferId} to ${to}, not to its sender`);
        if (fedBack.has(key(transferId, by))) v.push(`second feedback by ${by} on ${transferId}`);
        fedBack.add(key(transferId, by));
        fedBackBy.add(by);
        break;
      }
      case 'TransferOverdue':
        v.push('the decider emitted TransferOverdue (a scheduler fact)');
        break;
      case 'TransferExtensionRequested': {
        const { transferId, by, to } = e.data;
        const t = transfers.get(transferId);
        if (!t?.to.includes(by)) v.push(`${by} asked for an extension of ${transferId}, which was not sent to it`);
        if (t && t.from !== to) v.push(`extension of ${transferId} asked of ${to}, not of its sender`);
        if (extensionAsked.has(key(transferId, by))) v.push(`${by} asked twice on ${transferId} before a decision`);
        if (answers.get(key(transferId, by)) === 'rejected' || fedBack.has(key(transferId, by))) v.push(`${by} asked for an extension of ${transferId}, which it had answered`);
        extensionAsked.add(key(transferId, by));
        break;
      }
      case 'TransferExtensionGranted':
      case 'TransferExtensionDenied': {
        const { transferId, by, recipient } = e.data;
        if (transfers.get(transferId)?.from !== by) v.push(`${by} decided an extension of ${transferId}, which it did not send`);
        if (!extensionAsked.has(key(transferId, recipient))) v.push(`${e.type} for ${recipient} on ${transferId} without an open request`);
        if (e.type === 'TransferExtensionGranted' && !(Date.parse(e.data.dueAt) > Date.parse(e.data.previousDueAt))) v.push(`extension of ${transferId} does not move the deadline later`);
        extensionAsked.delete(key(transferId, recipient));
        break;
      }
      case 'TransferAcknowledged':
      case 'TransferRejected':
      case 'FeedbackSent':
        break;
    }
    // An answer to the deadline asked about lapses the request (the state says 'lapsed').
    if (e.type === 'TransferAcknowledged' || e.type === 'TransferRejected' || e.type === 'FeedbackSent') {
      const { transferId, by } = e.data;
      const asked = lastAsked.get(key(transferId, by));
      if (e.type === 'TransferRejected' || (e.type === 'TransferAcknowledged' && asked === 'acknowledge') || (e.type === 'FeedbackSent' && asked === 'feedback')) {
        extensionAsked.delete(key(transferId, by));
      }
    }
    if (e.type === 'TransferExtensionRequested') lastAsked.set(key(e.data.transferId, e.data.by), e.data.deadline);
  }
  return v;
}

/** A state no history of decided events can reach. */
function stateViolations(state: ClueState): string[] {
  const v: string[] = [];
  const seqs = Object.values(state.transfers).map((t) => t.seq).sort((a, b) => a - b);
  if (!seqs.every((s, i) => s === i)) v.push(`transfer seqs ${seqs.join(',')} are not 0..n-1`);
  for (const t of Object.values(state.transfers)) {
    if (!deepEqual(Object.keys(t.recipients).sort(), [...t.to].sort())) v.push(`transfer ${t.transferId}: recipients ≠ to`);
    for (const [who, r] of Object.entries(t.recipients)) {
      if ((r.status === 'rejected') !== (r.reason !== undefined)) v.push(`transfer ${t.transferId}: ${who} is ${r.status} with reason ${r.reason}`);
      if (r.feedbackSent && r.status !== 'acknowledged') v.push(`transfer ${t.transferId}: ${who} sent feedback but is ${r.status}`);
      const ext = r.extension;
      if (ext?.status === 'granted' && (ext.deadline === 'acknowledge' ? r.acknowledgeBy : r.feedbackBy) !== ext.dueAt) v.push(`transfer ${t.transferId}: ${who}'s granted extension did not move its deadline`);
    }
    if (t.kind === 'forward' && state.transfers[t.viaTransferId ?? '']?.recipients[t.from]?.status !== 'acknowledged') v.push(`forward ${t.transferId} not through a transfer its sender acknowledged`);
  }
  for (const [by, track] of Object.entries(state.tracks)) {
    if (track.by !== by) v.push(`track of ${by} says it is ${track.by}'s`);
    const has = { finding: track.finding !== undefined, measures: track.measures !== undefined, feedback: track.feedback.length > 0 };
    const expected: Record<typeof track.status, (h: typeof has) => boolean> = {
      investigating: (h) => !h.finding && !h.measures && !h.feedback,
      'finding-recorded': (h) => h.finding && !h.measures && !h.feedback,
      'disposition-decided': (h) => h.finding && h.measures && !h.feedback,
      'feedback-sent': (h) => h.finding && h.feedback,
    };
    if (!expected[track.status](has)) v.push(`track of ${by} is ${track.status} with ${JSON.stringify(has)}`);
    for (const f of track.feedback) {
      if (state.transfers[f.transferId]?.recipients[by]?.feedbackSent !== true) v.push(`track of ${by} lists feedback on ${f.transferId} its transfer does not record`);
    }
  }
  return v;
}

describe('the Clue decider under random commands (property)', () => {
  it('given random commands by random actors in random order, when folded as the system does, then refusals are DomainErrors, every event passes its schema and the lifecycle holds', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { history, state, problems } = run(s);
        const all = [...problems, ...lifecycleViolations(history), ...stateViolations(state)];
        if (!deepEqual(foldClue(history), state)) all.push('replaying the history gives another state than the one decided on');
        if (all.length > 0) throw new Error(`${all.join('\n')}\nhistory: ${history.map((e) => e.type).join(' → ')}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('given random extension requests and decisions (延期), when folded, then the same holds and a grant always moves the deadline later', () => {
    fc.assert(
      fc.property(extensionScenario, (s) => {
        const { history, state, problems } = run(s);
        const all = [...problems, ...lifecycleViolations(history), ...stateViolations(state)];
        if (!deepEqual(foldClue(history), state)) all.push('replaying the history gives another state than the one decided on');
        if (all.length > 0) throw new Error(`${all.join('\n')}\nhistory: ${history.map((e) => e.type).join(' → ')}`);
      }),
      { numRuns: RUNS },
    );
    const types = new Set(fc.sample(extensionScenario, { numRuns: RUNS, seed: 42 }).map(run).flatMap((o) => o.history.map((e) => e.type)));
    for (const t of ['TransferExtensionRequested', 'TransferExtensionGranted', 'TransferExtensionDenied'] as const) expect(types).toContain(t);
  });

  it('given random scenarios, when run, then they get past registration often enough to mean something', () => {
    // Guards the generators: a property that only ever sees refusals proves nothing.
    const samples = fc.sample(scenario, { numRuns: RUNS, seed: 42 }).map(run);
    const types = new Set(samples.flatMap((o) => o.history.map((e) => e.type)));
    expect([...types].sort()).toEqual(
      ['ClueForwarded', 'ClueRegistered', 'ClueTransferred', 'DispositionDecided', 'FeedbackSent', 'FindingRecorded', 'InvestigationOpened', 'TransferAcknowledged', 'TransferRejected'].sort(),
    );
  });

  it('given hand-made broken histories, when checked, then the checkers see what is wrong (the properties can fail)', () => {
    const registered: ClueEvent = { type: 'ClueRegistered', data: { clueId: CLUE_ID, registeredBy: NHC, source: 'report', category: 'kickback', alsoConcerns: [], summary: '回扣', subjects: [PHARMA], attachments: [] } };
    const transferred: ClueEvent = { type: 'ClueTransferred', data: { clueId: CLUE_ID, transferId: TRANSFER_IDS[0], from: NHC, to: [SAMR], basis: BASIS, acknowledgeBy: ACK_BY, feedbackBy: FEEDBACK_BY } };
    const acknowledged: ClueEvent = { type: 'TransferAcknowledged', data: { clueId: CLUE_ID, transferId: TRANSFER_IDS[0], by: SAMR } };
    const rejected: ClueEvent = { type: 'TransferRejected', data: { clueId: CLUE_ID, transferId: TRANSFER_IDS[0], by: SAMR, reason: '不属本部门职责' } };
    const opened: ClueEvent = { type: 'InvestigationOpened', data: { clueId: CLUE_ID, by: SAMR, basis: BASIS } };
    const fedBack: ClueEvent = { type: 'FeedbackSent', data: { clueId: CLUE_ID, by: SAMR, to: NHC, transferId: TRANSFER_IDS[0], summary: '已查处' } };

    expect(lifecycleViolations([registered, transferred, acknowledged, rejected])).toEqual([expect.stringContaining('both acknowledged and rejected')]);
    expect(lifecycleViolations([registered, transferred, acknowledged, opened, fedBack])).toEqual([expect.stringContaining('feedback by samr:341300 without a finding')]);
    expect(stateViolations(foldClue([registered, transferred, acknowledged, opened, fedBack]))).toEqual([expect.stringContaining('is feedback-sent with')]);
    expect(clueEventViolations({ type: 'TransferRejected', data: { clueId: CLUE_ID, transferId: TRANSFER_IDS[0], by: 'samr', reason: ' ', extra: 1 } })).toEqual([
      'TransferRejected: extra: not in the schema',
      'TransferRejected: by: must be a department instance code:region',
      'TransferRejected: reason: must be a non-blank string',
    ]);
    expect(clueEventViolations({ type: 'FeedbackSent', data: { ...fedBack.data, summary: 'a\u0000b' } })).toEqual(['FeedbackSent: contains U+0000, which the SQL stores refuse']);
  });
});
