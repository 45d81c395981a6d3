import type { DepartmentPrincipal } from '../../auth/principal';

/** Every case command carries who asks (a department: investigators only read) and, optionally, the client's Idempotency-Key. */
export abstract class CaseCommandBase<B> {
  constructor(
    readonly principal: DepartmentPrincipal,
    readonly body: B,
    readonly caseId: string,
    readonly idempotencyKey?: string,
  ) {}
}
