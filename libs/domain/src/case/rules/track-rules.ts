import { CASE_TRACK_OUTCOMES, TRACK_OPENED_VIA, type TrackOpenedVia } from '@cluebus/contracts';
import type { ClueState } from '../../clue/clue-state';
import { BusinessRule } from '../../clue/rules/business-rule';
import { DomainError } from '../../domain-error';
import { CaseErrorCodes } from '../case-error-codes';
import { engagedWithClue, type CaseState } from '../case-state';

/** A track opens through a known kind of engagement: an acknowledged transfer or an investigation. */
export class TrackViaMustBeKnown extends BusinessRule {
  constructor(private readonly via: string) {
    super();
  }
  isBroken(): boolean {
    return !(TRACK_OPENED_VIA as readonly string[]).includes(this.via);
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.INVALID_TRACK_VIA, `via must be one of ${TRACK_OPENED_VIA.join(', ')}, got ${JSON.stringify(this.via)}`, 'via');
  }
}

/** A track opens through a clue of the case, not any clue. */
export class TrackClueMustBelongToCase extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly clueId: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return !this.state.clueIds.includes(this.clueId);
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.CLUE_NOT_IN_CASE, `clue ${this.clueId} is not part of case ${this.state.caseId}`, 'clueId');
  }
}

/**
 * A department's track opens when it acknowledges (签收) a transfer of a clue of the case, or
 * opens an investigation on one: the clue's own history must show that engagement.
 */
export class TrackRequiresEngagementWithClue extends BusinessRule {
  constructor(
    private readonly clue: ClueState | undefined,
    private readonly actor: string,
    private readonly via: TrackOpenedVia,
  ) {
    super();
  }
  isBroken(): boolean {
    return !engagedWithClue(this.clue, this.actor, this.via);
  }
  error(): DomainError {
    const what = this.via === 'investigation' ? 'opened an investigation on' : 'acknowledged a transfer of';
    return new DomainError(CaseErrorCodes.NO_ENGAGEMENT_WITH_CLUE, `${this.actor} has not ${what} clue ${this.clue?.clueId ?? '(unknown)'}`, 'clueId');
  }
}

/** One track per department instance: a second engagement (another transfer, an investigation after 签收) opens nothing. */
export class TrackMayBeOpenedOnce extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.state.tracks[this.actor] !== undefined;
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.TRACK_ALREADY_OPEN, `${this.actor} already has a track on case ${this.state.caseId}`);
  }
}

/** A department concludes its own track, and only one it has. */
export class OnlyTrackHolderMayConcludeTrack extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.state.tracks[this.actor] === undefined;
  }
  error(): DomainError {
    return new DomainError(
      CaseErrorCodes.ONLY_TRACK_HOLDER_MAY_CONCLUDE_TRACK,
      `${this.actor} has no track on case ${this.state.caseId}: a track opens when the department acknowledges a transfer of one of its clues or opens an investigation on one`,
    );
  }
}

/** A track is concluded once (办结); a correction is a matter for a later event, not a second conclusion. */
export class TrackMayBeConcludedOnce extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.state.tracks[this.actor]?.status === 'concluded';
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.TRACK_ALREADY_CONCLUDED, `${this.actor} already concluded its track on case ${this.state.caseId}`);
  }
}

/** 属实 / 部分属实 / 不属实 / 移送: the outcome is one of the known ones. */
export class OutcomeMustBeKnown extends BusinessRule {
  constructor(private readonly outcome: string) {
    super();
  }
  isBroken(): boolean {
    return !(CASE_TRACK_OUTCOMES as readonly string[]).includes(this.outcome);
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.INVALID_OUTCOME, `outcome must be one of ${CASE_TRACK_OUTCOMES.join(', ')}, got ${JSON.stringify(this.outcome)}`, 'outcome');
  }
}
