import type { Principal } from '../../auth/principal';

/** 删除个人信息 of a subject (a person or official), by its token: only the registering department. */
export class EraseSubjectDataCommand {
  constructor(
    readonly principal: Principal,
    readonly token: string,
    readonly idempotencyKey?: string,
  ) {}
}
