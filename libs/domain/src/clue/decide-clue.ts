import type { ClueEvent, ClueForwarded, ClueRegistered, ClueTransferred, SealedPersonalData } from '@cluebus/contracts';
import { DomainError } from '../domain-error';
import type { ClueCommand, DecisionContext } from './clue-commands';
import { ClueErrorCodes } from './clue-error-codes';
import { transfersToWithStatus, type ClueState, type TransferState } from './clue-state';
import {
  AcknowledgeDeadlineMustBeInFuture,
  ActorMustBeDepartmentInstance,
  AmountMustBeNonNegative,
  PersonalDataMustBeSealed,
  BasisIsRequired,
  checkRules,
  ClueMustBeVisibleToActor,
  deadlineOf,
  DueByMustBeInFuture,
  DueByMustBeIsoDateTime,
  OnlyLeadUnitMaySupervise,
  openRecipients,
  OverdueDeadlineMustHavePassed,
  OverdueMayBeRecordedOnce,
  OverdueOnlyWhileUnanswered,
  OverdueRecipientMustBeOnTransfer,
  SupervisionNeedsOpenTransfer,
  SupervisionNoteIsRequired,
  ClueMustNotAlreadyExist,
  DeadlineMustBeIsoDateTime,
  DispositionMayBeDecidedOnce,
  DispositionRequiresFinding,
  DispositionRequiresMeasures,
  FeedbackDeadlineMustNotPrecedeAcknowledgeDeadline,
  FeedbackOncePerReceivedTransfer,
  FeedbackRequiresDisposition,
  FeedbackRequiresFinding,
  FindingMayBeRecordedOnce,
  FindingRequiresOpenInvestigation,
  ScopedSubjectsMustBelongToClue,
  InvestigationMayBeOpenedOnce,
  MustHaveAcknowledgedATransfer,
  NoActionStandsAlone,
  OnlyRecipientMayAnswer,
  OnlyRecipientsMayForward,
  OnlyRegistrarMayTransfer,
  OnlyRegistrarOrAcknowledgedRecipientMayInvestigate,
  ReceivedTransferMustBeAcknowledged,
  ReceivedTransferMustBeUnambiguous,
  RecipientMustNotAlreadyHoldClue,
  RecipientMustNotBeRegistrar,
  RecipientMustNotBeSender,
  RecipientsMustBeDepartmentInstances,
  RecipientsMustBeDistinct,
  RecipientsMustNotBeEmpty,
  RegistrarHasNothingToAnswer,
  RejectionRequiresReason,
  SummaryIsRequired,
  TransferIdMustBeUnused,
  TransferMayBeAnsweredOnce,
  TransferMustIncludeRequiredRecipients,
  type BusinessRule,
} from './rules';
import { resolveTransferTerms } from './transfer-terms';
import { decideExtension } from './decide-extension';

/** The event owns its copy (the command's objects stay the caller's). */
const sealedCopy = (p: SealedPersonalData): SealedPersonalData => ({ token: p.token, commitments: { ...p.commitments } });

/**
 * The Clue decider: command + current state → new events, or a DomainError saying why not.
 * Pure: the time, the actor, the deadline periods and the routing policy come in the
 * DecisionContext, as data. Rules are checked in this order: actor → existence/visibility →
 * authority → state → input. Transfer and forward terms are resolved (bare codes, default
 * deadlines) before their rules run, so the rules judge what will be recorded.
 */
export function decideClue(command: ClueCommand, state: ClueState, ctx: DecisionContext): ClueEvent[] {
  const { actor, routingPolicy: policy } = ctx;
  checkRules(new ActorMustBeDepartmentInstance(actor));

  if (command.type === 'RegisterClue') {
    const d = command.data;
    checkRules(new ClueMustNotAlreadyExist(state), new AmountMustBeNonNegative(d.amountYuan), new PersonalDataMustBeSealed(d));
    const data: ClueRegistered = {
      clueId: d.clueId,
      registeredBy: actor,
      source: d.source,
      category: d.category,
      alsoConcerns: [...d.alsoConcerns],
      summary: d.summary,
      subjects: d.subjects.map((s) => ({ ...s, ...(s.personalData ? { personalData: sealedCopy(s.personalData) } : {}) })),
      attachments: d.attachments.map((a) => ({ ...a })),
      ...(d.reporter !== undefined ? { reporter: { ...d.reporter, ...(d.reporter.personalData ? { personalData: sealedCopy(d.reporter.personalData) } : {}) } } : {}),
      ...(d.amountYuan !== undefined ? { amountYuan: d.amountYuan } : {}),
    };
    return [{ type: 'ClueRegistered', data }];
  }

  checkRules(new ClueMustBeVisibleToActor(state, actor));
  const clueId = state.clueId;
  const track = state.tracks[actor];

  switch (command.type) {
    case 'TransferClue': {
      const d = command.data;
      const { to, acknowledgeBy, feedbackBy } = resolveTransferTerms(d, ctx, state.category);
      checkRules(
        new OnlyRegistrarMayTransfer(state, actor),
        new TransferIdMustBeUnused(state, d.transferId),
        new BasisIsRequired(d.basis),
        ...recipientRules(state, to, actor),
        ...deadlineRules(acknowledgeBy, feedbackBy, ctx.now),
        ...(policy ? [new TransferMustIncludeRequiredRecipients(policy, state, to)] : []),
      );
      const data: ClueTransferred = {
        clueId,
        transferId: d.transferId,
        from: actor,
        to,
        basis: d.basis,
        ...(d.note !== undefined ? { note: d.note } : {}),
        acknowledgeBy,
        feedbackBy,
        // The version the transfer was checked against, so an auditor can tell which rules applied.
        ...(policy ? { policyVersion: policy.version } : {}),
      };
      return [{ type: 'ClueTransferred', data }];
    }

    case 'AcknowledgeTransfer': {
      const { transferId } = command.data;
      checkRules(new OnlyRecipientMayAnswer(state, transferId, actor), new TransferMayBeAnsweredOnce(state, transferId, actor));
      return [{ type: 'TransferAcknowledged', data: { clueId, transferId, by: actor } }];
    }

    case 'RejectTransfer': {
      const { transferId, reason } = command.data;
      checkRules(
        new OnlyRecipientMayAnswer(state, transferId, actor),
        new TransferMayBeAnsweredOnce(state, transferId, actor),
        new RejectionRequiresReason(reason),
      );
      return [{ type: 'TransferRejected', data: { clueId, transferId, by: actor, reason } }];
    }

    case 'ForwardClue': {
      const d = command.data;
      checkRules(new OnlyRecipientsMayForward(state, actor));
      const via = receivedTransfer(state, actor, d.viaTransferId, 'viaTransferId', transfersToWithStatus(state, actor, 'acknowledged'));
      const { to, acknowledgeBy, feedbackBy } = resolveTransferTerms(d, ctx, state.category);
      checkRules(
        new TransferIdMustBeUnused(state, d.transferId),
        new BasisIsRequired(d.basis),
        ...recipientRules(state, to, actor),
        ...deadlineRules(acknowledgeBy, feedbackBy, ctx.now),
      );
      const data: ClueForwarded = {
        clueId,
        transferId: d.transferId,
        viaTransferId: via.transferId,
        from: actor,
        to,
        basis: d.basis,
        ...(d.note !== undefined ? { note: d.note } : {}),
        acknowledgeBy,
        feedbackBy,
      };
      return [{ type: 'ClueForwarded', data }];
    }

    case 'OpenInvestigation': {
      const d = command.data;
      checkRules(
        new OnlyRegistrarOrAcknowledgedRecipientMayInvestigate(state, actor),
        new InvestigationMayBeOpenedOnce(track),
        new BasisIsRequired(d.basis),
        new ScopedSubjectsMustBelongToClue(state, d.subjects),
      );
      return [
        {
          type: 'InvestigationOpened',
          data: { clueId, by: actor, basis: d.basis, ...(d.note !== undefined ? { note: d.note } : {}), ...(d.subjects !== undefined ? { subjects: [...d.subjects] } : {}) },
        },
      ];
    }

    case 'RecordFinding': {
      const d = command.data;
      checkRules(
        new FindingRequiresOpenInvestigation(track),
        new FindingMayBeRecordedOnce(track),
        new SummaryIsRequired(d.summary),
        new ScopedSubjectsMustBelongToClue(state, d.subjects),
      );
      const evidence = (d.evidence ?? []).map((a) => ({ ...a }));
      return [{ type: 'FindingRecorded', data: { clueId, by: actor, result: d.result, summary: d.summary, evidence, ...(d.subjects !== undefined ? { subjects: [...d.subjects] } : {}) } }];
    }

    case 'DecideDisposition': {
      const d = command.data;
      checkRules(
        new DispositionRequiresFinding(track),
        new DispositionMayBeDecidedOnce(track),
        new DispositionRequiresMeasures(d.measures),
        new NoActionStandsAlone(d.measures),
      );
      return [{ type: 'DispositionDecided', data: { clueId, by: actor, measures: d.measures.map((m) => ({ ...m })) } }];
    }

    case 'SendFeedback': {
      const d = command.data;
      checkRules(new RegistrarHasNothingToAnswer(state, actor));
      const unanswered = transfersToWithStatus(state, actor, 'acknowledged').filter((t) => !t.recipients[actor]?.feedbackSent);
      if (d.transferId === undefined) checkRules(new FeedbackOncePerReceivedTransfer(state, actor));
      const answered = receivedTransfer(state, actor, d.transferId, 'transferId', unanswered);
      checkRules(
        new FeedbackOncePerReceivedTransfer(state, actor, answered.transferId),
        new FeedbackRequiresFinding(track),
        new FeedbackRequiresDisposition(track),
        new SummaryIsRequired(d.summary),
      );
      return [{ type: 'FeedbackSent', data: { clueId, by: actor, to: answered.from, transferId: answered.transferId, summary: d.summary } }];
    }

    case 'RecordOverdue': {
      const { transferId, recipient, deadline } = command.data;
      checkRules(new OverdueRecipientMustBeOnTransfer(state, transferId, recipient));
      const transfer = state.transfers[transferId] as TransferState;
      const answer = transfer.recipients[recipient];
      // The recipient's own deadline: an extension (延期) may have moved it.
      const dueAt = deadlineOf(transfer, deadline, recipient);
      checkRules(
        new OverdueMayBeRecordedOnce(answer, deadline, dueAt),
        new OverdueOnlyWhileUnanswered(answer, deadline),
        new OverdueDeadlineMustHavePassed(dueAt, ctx.now),
      );
      return [{ type: 'TransferOverdue', data: { clueId, transferId, recipient, deadline, dueAt } }];
    }

    case 'IssueSupervision': {
      const { transferId, note, dueBy } = command.data;
      checkRules(
        new OnlyLeadUnitMaySupervise(actor),
        new SupervisionNeedsOpenTransfer(state, transferId),
        new SupervisionNoteIsRequired(note),
        new DueByMustBeIsoDateTime(dueBy),
        new DueByMustBeInFuture(dueBy, ctx.now),
      );
      const transfer = state.transfers[transferId] as TransferState;
      return [
        {
          type: 'SupervisionIssued',
          data: { clueId, transferId, level: (transfer.supervisionLevel ?? 0) + 1, note, dueBy, by: actor, recipients: openRecipients(transfer) },
        },
      ];
    }

    case 'RequestExtension':
    case 'GrantExtension':
    case 'DenyExtension':
      return decideExtension(command, state, ctx);

    default: {
      const unknown: never = command;
      throw new DomainError(ClueErrorCodes.UNKNOWN_COMMAND, `unknown command ${(unknown as { type?: unknown }).type}`);
    }
  }
}

/** Recipient rules shared by TransferClue and ForwardClue. */
function recipientRules(state: ClueState, to: readonly string[], sender: string): BusinessRule[] {
  return [
    new RecipientsMustNotBeEmpty(to),
    new RecipientsMustBeDistinct(to),
    new RecipientsMustBeDepartmentInstances(to),
    new RecipientMustNotBeSender(to, sender),
    new RecipientMustNotBeRegistrar(state, to),
    new RecipientMustNotAlreadyHoldClue(state, to),
  ];
}

/** Deadline rules shared by TransferClue and ForwardClue. */
function deadlineRules(acknowledgeBy: string, feedbackBy: string, now: Date): BusinessRule[] {
  return [
    new DeadlineMustBeIsoDateTime(acknowledgeBy, 'acknowledgeBy'),
    new DeadlineMustBeIsoDateTime(feedbackBy, 'feedbackBy'),
    new AcknowledgeDeadlineMustBeInFuture(acknowledgeBy, now),
    new FeedbackDeadlineMustNotPrecedeAcknowledgeDeadline(acknowledgeBy, feedbackBy),
  ];
}

/**
 * The acknowledged transfer the actor acts through: the one named, which must be to the actor
 * and acknowledged; or, when none is named, the only candidate.
 */
function receivedTransfer(
  state: ClueState,
  actor: string,
  named: string | undefined,
  field: 'transferId' | 'viaTransferId',
  candidates: readonly TransferState[],
): TransferState {
  if (named !== undefined) {
    checkRules(new OnlyRecipientMayAnswer(state, named, actor, field), new ReceivedTransferMustBeAcknowledged(state, named, actor, field));
    return state.transfers[named] as TransferState;
  }
  checkRules(new MustHaveAcknowledgedATransfer(state, actor), new ReceivedTransferMustBeUnambiguous(candidates, field));
  return candidates[0] as TransferState;
}
