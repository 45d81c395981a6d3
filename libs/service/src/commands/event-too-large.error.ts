import { PayloadTooLargeException } from '@nestjs/common';
import { MAX_EVENT_BYTES } from '@cluebus/contracts';

/** A command whose event would exceed MAX_EVENT_BYTES: 413, nothing stored (the relay could never ship it). */
export class EventTooLargeError extends PayloadTooLargeException {
  readonly code = 'EVENT_TOO_LARGE';

  constructor(
    readonly eventType: string,
    readonly bytes: number,
  ) {
    super({
      code: 'EVENT_TOO_LARGE',
      field: 'body',
      message: `the ${eventType} event would be ${bytes} bytes; the log takes events up to ${MAX_EVENT_BYTES} bytes`,
    });
    this.name = 'EventTooLargeError';
  }
}
