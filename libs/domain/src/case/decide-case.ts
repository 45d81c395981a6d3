import type { CaseEvent } from '@cluebus/contracts';
import { ActorMustBeDepartmentInstance, BasisIsRequired, checkRules, SummaryIsRequired } from '../clue/rules';
import { DomainError } from '../domain-error';
import type { CaseCommand, CaseDecisionContext } from './case-commands';
import { CaseErrorCodes } from './case-error-codes';
import type { CaseState } from './case-state';
import {
  ActorMustBeLeadOrTrackHolder,
  AttachedClueMustBeVisibleToActor,
  BriberyPairMayBeLinkedOnce,
  BriberyPairSidesMustDiffer,
  CaseCannotConcludeWithOpenTracks,
  CaseCluesMustBeDistinct,
  CaseMustBeOpen,
  CaseMustBeVisibleToActor,
  CaseMustHaveClues,
  CaseMustNotAlreadyExist,
  CaseTitleIsRequired,
  FlaggedPairMustBeOfCase,
  OneSidedFlagCitesFindings,
  OneSidedFlagMayBeRecordedOnce,
  OneSidedMatterGoesToCcdi,
  ClueMayBeAttachedOnce,
  ClueMustBeVisibleToOpener,
  OnlyLeadMayConclude,
  OnlyTrackHolderMayConcludeTrack,
  OutcomeMustBeKnown,
  PairSubjectMustBelongToCase,
  TrackClueMustBelongToCase,
  TrackMayBeConcludedOnce,
  TrackMayBeOpenedOnce,
  TrackRequiresEngagementWithClue,
  TrackViaMustBeKnown,
} from './rules';

/**
 * The Case decider (一案多查): command + current state → new events, or a DomainError saying
 * why not. Pure: the actor and the clues it looks at come in the CaseDecisionContext, as data.
 * Rules are checked in this order: actor → existence/visibility → state → authority → input,
 * as for the Clue.
 */
export function decideCase(command: CaseCommand, state: CaseState, ctx: CaseDecisionContext): CaseEvent[] {
  const { actor, clues } = ctx;
  checkRules(new ActorMustBeDepartmentInstance(actor));

  if (command.type === 'OpenCase') {
    const d = command.data;
    checkRules(
      new CaseMustNotAlreadyExist(state),
      new CaseTitleIsRequired(d.title),
      new BasisIsRequired(d.basis),
      new CaseMustHaveClues(d.clueIds),
      new CaseCluesMustBeDistinct(d.clueIds),
      ...d.clueIds.map((id, i) => new ClueMustBeVisibleToOpener(clues[id], actor, `clueIds[${i}]`)),
    );
    // The opener is the lead unit (牵头单位).
    return [{ type: 'CaseOpened', data: { caseId: d.caseId, lead: actor, title: d.title, basis: d.basis, clueIds: [...d.clueIds] } }];
  }

  checkRules(new CaseMustBeVisibleToActor(state, actor, clues), new CaseMustBeOpen(state));
  const caseId = state.caseId;

  switch (command.type) {
    case 'AttachClue': {
      const { clueId } = command.data;
      checkRules(
        new ActorMustBeLeadOrTrackHolder(state, actor),
        new AttachedClueMustBeVisibleToActor(clues[clueId], actor, 'clueId'),
        new ClueMayBeAttachedOnce(state, clueId),
      );
      return [{ type: 'ClueAttachedToCase', data: { caseId, clueId, by: actor } }];
    }

    case 'OpenTrack': {
      const d = command.data;
      checkRules(
        new TrackClueMustBelongToCase(state, d.clueId),
        new TrackViaMustBeKnown(d.via),
        new TrackRequiresEngagementWithClue(clues[d.clueId], actor, d.via),
        new TrackMayBeOpenedOnce(state, actor),
      );
      return [{ type: 'TrackOpened', data: { caseId, department: actor, via: d.via, clueId: d.clueId, causationEventId: d.causationEventId } }];
    }

    case 'ConcludeTrack': {
      const d = command.data;
      checkRules(
        new OnlyTrackHolderMayConcludeTrack(state, actor),
        new TrackMayBeConcludedOnce(state, actor),
        new OutcomeMustBeKnown(d.outcome),
        new SummaryIsRequired(d.summary),
      );
      return [{ type: 'TrackConcluded', data: { caseId, department: actor, outcome: d.outcome, summary: d.summary } }];
    }

    case 'ConcludeCase': {
      const d = command.data;
      checkRules(
        new OnlyLeadMayConclude(state, actor),
        new CaseCannotConcludeWithOpenTracks(state, clues),
        ...(d.summary !== undefined ? [new SummaryIsRequired(d.summary)] : []),
      );
      return [{ type: 'CaseConcluded', data: { caseId, by: actor, ...(d.summary !== undefined ? { summary: d.summary } : {}) } }];
    }

    case 'LinkBriberyPair': {
      const { briber, bribeTaker } = command.data;
      checkRules(
        new ActorMustBeLeadOrTrackHolder(state, actor),
        new BriberyPairSidesMustDiffer(briber, bribeTaker),
        new PairSubjectMustBelongToCase(state, clues, briber, 'briber'),
        new PairSubjectMustBelongToCase(state, clues, bribeTaker, 'bribeTaker'),
        new BriberyPairMayBeLinkedOnce(state, briber, bribeTaker),
      );
      return [{ type: 'BriberyPairLinked', data: { caseId, briber, bribeTaker, by: actor } }];
    }

    case 'FlagOneSidedBribery': {
      const d = command.data;
      checkRules(
        new FlaggedPairMustBeOfCase(state, clues, d.briber, d.bribeTaker),
        new OneSidedFlagMayBeRecordedOnce(state, d.briber, d.bribeTaker),
        new OneSidedMatterGoesToCcdi(d.recipient),
        new OneSidedFlagCitesFindings(d.findingEventIds),
      );
      return [{ type: 'OneSidedBriberyFlagged', data: { caseId, ...d, findingEventIds: [...d.findingEventIds], clueIds: [...d.clueIds] } }];
    }

    default: {
      const unknown: never = command;
      throw new DomainError(CaseErrorCodes.UNKNOWN_COMMAND, `unknown command ${(unknown as { type?: unknown }).type}`);
    }
  }
}
