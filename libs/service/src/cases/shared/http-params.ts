import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** A path parameter that must be a UUID: 400 VALIDATION_FAILED naming it (as on /v1/clues). */
export const uuidParam = (field: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException({ code: 'VALIDATION_FAILED', field, message: `${field} must be a UUID` }) });

const IDEMPOTENCY = /^[\x21-\x7e]{1,200}$/;

/** The Idempotency-Key header, checked as on /v1/clues (docs/adr/0003). */
export function idempotencyKeyOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!IDEMPOTENCY.test(raw)) {
    throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'Idempotency-Key', message: 'Idempotency-Key must be 1–200 visible ASCII characters' });
  }
  return raw;
}
