import type { DispositionMeasure } from '@cluebus/contracts';
import { DomainError } from '../../domain-error';
import { ClueErrorCodes } from '../clue-error-codes';
import type { ClueState, InvestigationTrack } from '../clue-state';
import { BusinessRule } from './business-rule';
import { MustHaveAcknowledgedATransfer } from './custody-rules';

/** The registrar investigates its own clue; anyone else only after acknowledging a transfer of it. */
export class OnlyRegistrarOrAcknowledgedRecipientMayInvestigate extends BusinessRule {
  private readonly acknowledged: MustHaveAcknowledgedATransfer;
  constructor(
    private readonly state: ClueState,
    private readonly actor: string,
  ) {
    super();
    this.acknowledged = new MustHaveAcknowledgedATransfer(state, actor);
  }
  isBroken(): boolean {
    return this.state.registeredBy !== this.actor && this.acknowledged.isBroken();
  }
  error(): DomainError {
    return this.acknowledged.error();
  }
}

/** One investigation track per department instance (一案多查). */
export class InvestigationMayBeOpenedOnce extends BusinessRule {
  constructor(private readonly track: InvestigationTrack | undefined) {
    super();
  }
  isBroken(): boolean {
    return this.track !== undefined;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.INVESTIGATION_ALREADY_OPEN, `${this.track?.by} already opened an investigation of this clue (${this.track?.status})`);
  }
}

export class FindingRequiresOpenInvestigation extends BusinessRule {
  constructor(private readonly track: InvestigationTrack | undefined) {
    super();
  }
  isBroken(): boolean {
    return this.track === undefined;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.ILLEGAL_TRANSITION, 'open an investigation (OpenInvestigation) before recording a finding');
  }
}

export class FindingMayBeRecordedOnce extends BusinessRule {
  constructor(private readonly track: InvestigationTrack | undefined) {
    super();
  }
  isBroken(): boolean {
    return this.track?.finding !== undefined;
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.ILLEGAL_TRANSITION,
      `a finding (${this.track?.finding?.result}) is already recorded; next: ${this.track?.measures ? 'SendFeedback' : 'DecideDisposition or SendFeedback'}`,
    );
  }
}

/**
 * A step that can only follow a recorded finding (核查结论): a disposition, or feedback. The
 * message says what is missing — the finding, or the investigation before it.
 */
export abstract class RequiresRecordedFinding extends BusinessRule {
  protected abstract readonly code: string;
  protected abstract readonly step: string;

  constructor(private readonly track: InvestigationTrack | undefined) {
    super();
  }
  isBroken(): boolean {
    return this.track?.finding === undefined;
  }
  error(): DomainError {
    return new DomainError(this.code, `${this.track ? 'record a finding (RecordFinding)' : 'open an investigation and record a finding'} before ${this.step}`);
  }
}

export class DispositionRequiresFinding extends RequiresRecordedFinding {
  protected readonly code = ClueErrorCodes.ILLEGAL_TRANSITION;
  protected readonly step = 'deciding a disposition';
}

/** One disposition per track, and none once feedback closed the track. */
export class DispositionMayBeDecidedOnce extends BusinessRule {
  constructor(private readonly track: InvestigationTrack | undefined) {
    super();
  }
  isBroken(): boolean {
    return this.track?.measures !== undefined || this.track?.status === 'feedback-sent';
  }
  error(): DomainError {
    return new DomainError(
      ClueErrorCodes.ILLEGAL_TRANSITION,
      this.track?.measures ? 'a disposition is already decided; next: SendFeedback' : 'feedback was already sent without a disposition; the track is closed',
    );
  }
}

export class DispositionRequiresMeasures extends BusinessRule {
  constructor(private readonly measures: readonly DispositionMeasure[]) {
    super();
  }
  isBroken(): boolean {
    return !Array.isArray(this.measures) || this.measures.length === 0;
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.MEASURES_REQUIRED, 'a disposition names at least one measure (no-action if none)', 'measures');
  }
}

/** 无需处理 contradicts any other measure. */
export class NoActionStandsAlone extends BusinessRule {
  constructor(private readonly measures: readonly DispositionMeasure[]) {
    super();
  }
  isBroken(): boolean {
    return this.measures.length > 1 && this.measures.some((m) => m.kind === 'no-action');
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.NO_ACTION_WITH_OTHER_MEASURES, 'no-action cannot be combined with other measures', 'measures');
  }
}

/** A finding and a feedback say what was found. */
export class SummaryIsRequired extends BusinessRule {
  constructor(private readonly summary: string) {
    super();
  }
  isBroken(): boolean {
    return typeof this.summary !== 'string' || this.summary.trim() === '';
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.SUMMARY_REQUIRED, 'a summary is required', 'summary');
  }
}
