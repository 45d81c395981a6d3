import { DomainError } from '../../domain-error';

/**
 * A named business rule (modular-monolith-with-ddd's IBusinessRule): it knows whether it is
 * broken and which DomainError says so. The class name is the rule's name in the ubiquitous
 * language, so a refusal can always be traced to one small unit.
 */
export abstract class BusinessRule {
  abstract isBroken(): boolean;
  abstract error(): DomainError;

  get name(): string {
    return this.constructor.name;
  }
}

/** Throws the first broken rule's error; rules are checked in the order given. */
export function checkRules(...rules: BusinessRule[]): void {
  for (const rule of rules) if (rule.isBroken()) throw rule.error();
}
