import type { Principal } from '../../auth/principal';

/** 案件全过程: the case's and its clues' events merged in log order, now or as of a time, optionally with proofs. */
export class GetCaseTimelineQuery {
  constructor(
    readonly principal: Principal,
    readonly caseId: string,
    readonly asOf?: Date,
    /** Each event with its inclusion proof against the newest signed checkpoint. */
    readonly withProofs = false,
  ) {}
}
