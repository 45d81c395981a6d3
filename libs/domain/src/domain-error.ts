/**
 * A business rule said no. `code` is machine-readable and stable (the HTTP layer maps it to
 * a 4xx); `field` names the request field at fault when there is one.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    /** 404-like: the actor may not know the clue exists. */
    readonly kind: 'rule' | 'not-found' | 'forbidden' = 'rule',
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
