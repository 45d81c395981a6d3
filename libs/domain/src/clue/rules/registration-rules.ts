import { DomainError } from '../../domain-error';
import { ClueErrorCodes } from '../clue-error-codes';
import { BusinessRule } from './business-rule';

/** The amount involved, when known, is a finite number of yuan ≥ 0 (thresholds key on it). */
export class AmountMustBeNonNegative extends BusinessRule {
  constructor(private readonly amountYuan: number | undefined) {
    super();
  }
  isBroken(): boolean {
    return this.amountYuan !== undefined && !(Number.isFinite(this.amountYuan) && this.amountYuan >= 0);
  }
  error(): DomainError {
    return new DomainError(ClueErrorCodes.INVALID_AMOUNT, 'amountYuan must be a finite number ≥ 0', 'amountYuan');
  }
}
