import type { DepartmentPrincipal } from '../../auth/principal';

/** Every sanction command carries who asks (a department), its body and, optionally, the client's Idempotency-Key. */
export abstract class SanctionCommandBase<B> {
  constructor(
    readonly principal: DepartmentPrincipal,
    readonly body: B,
    readonly sanctionId: string,
    readonly idempotencyKey?: string,
  ) {}
}
