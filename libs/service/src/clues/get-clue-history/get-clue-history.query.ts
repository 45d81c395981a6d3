import type { Principal } from '../../auth/principal';

/** Every event of the clue in order, with department, actor, time and causation. */
export class GetClueHistoryQuery {
  constructor(
    readonly principal: Principal,
    readonly clueId: string,
    readonly asOf?: Date,
  ) {}
}
