import type { Principal } from '../../auth/principal';

/** 删除举报人信息: the reporter's identity of a clue, erased by the department that registered it. */
export class EraseReporterDataCommand {
  constructor(
    readonly principal: Principal,
    readonly clueId: string,
    readonly idempotencyKey?: string,
  ) {}
}
