import { UnprocessableEntityException } from '@nestjs/common';

/**
 * The Idempotency-Key was used before for a different request (docs/adr/0003): 422, nothing
 * stored. An HTTP exception so the API's error filter answers it as it always did; `code` lets
 * metrics and callers outside HTTP tell it apart without parsing the response.
 */
export class IdempotencyKeyReusedError extends UnprocessableEntityException {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';

  constructor(readonly commandId: string) {
    super({
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'Idempotency-Key',
      message: 'this Idempotency-Key was used for a different request',
    });
    this.name = 'IdempotencyKeyReusedError';
  }
}
