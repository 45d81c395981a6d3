import { BusinessRule } from '../../clue/rules/business-rule';
import { DomainError } from '../../domain-error';
import { CaseErrorCodes, CaseTracksOpenError } from '../case-error-codes';
import type { ClueState } from '../../clue/clue-state';
import { openTracks, tracksAboutToOpen, type CaseState } from '../case-state';

/** The lead unit (牵头单位) concludes the case (结案), nobody else. */
export class OnlyLeadMayConclude extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return this.state.lead !== this.actor;
  }
  error(): DomainError {
    return new DomainError(CaseErrorCodes.ONLY_LEAD_MAY_CONCLUDE, `only the lead unit ${this.state.lead} may conclude case ${this.state.caseId}`);
  }
}

/**
 * 一案多查: a case is concluded only when every department's track is; the refusal names the
 * open ones. A department that has engaged with a clue of the case (签收, an investigation) but
 * whose track the case-track processor has not recorded yet counts as open too, so a conclusion
 * racing that processor cannot leave a department's investigation outside the case.
 */
export class CaseCannotConcludeWithOpenTracks extends BusinessRule {
  constructor(
    private readonly state: CaseState,
    private readonly clues: Readonly<Record<string, ClueState>> = {},
  ) {
    super();
  }
  private blocking(): string[] {
    return [...openTracks(this.state), ...tracksAboutToOpen(this.state, this.clues)];
  }
  isBroken(): boolean {
    return this.blocking().length > 0;
  }
  error(): CaseTracksOpenError {
    return new CaseTracksOpenError(this.blocking());
  }
}
