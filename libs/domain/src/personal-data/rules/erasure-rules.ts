import { DomainError } from '../../domain-error';
import { BusinessRule } from '../../clue/rules/business-rule';
import type { VaultHolding } from '../personal-data-commands';
import { PersonalDataErrorCodes } from '../personal-data-error-codes';

/** Something must be held under the token: an unknown token is a 404, never a silent success. */
export class PersonalDataMustBeKnown extends BusinessRule {
  constructor(private readonly holdings: readonly VaultHolding[]) {
    super();
  }
  isBroken(): boolean {
    return this.holdings.length === 0;
  }
  error(): DomainError {
    return new DomainError(PersonalDataErrorCodes.PERSONAL_DATA_NOT_FOUND, 'no personal data is held under this token', 'token', 'not-found');
  }
}

/** Only the department that registered (sealed) the data may erase it: another department's copy is not its to destroy. */
export class OnlyRegistrarMayErase extends BusinessRule {
  constructor(
    private readonly holdings: readonly VaultHolding[],
    private readonly actor: string,
  ) {
    super();
  }
  isBroken(): boolean {
    return !this.holdings.some((h) => h.owner === this.actor);
  }
  error(): DomainError {
    return new DomainError(PersonalDataErrorCodes.ONLY_REGISTRAR_MAY_ERASE, `${this.actor} did not register the data held under this token`, 'token', 'forbidden');
  }
}
