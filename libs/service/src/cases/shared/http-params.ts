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

/** An `asOf` query: an ISO-8601 time, or 400 VALIDATION_FAILED naming it (as on /v1/clues/:id/history). */
export function asOfParam(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const d = new Date(raw);
  if (raw.trim() === '' || Number.isNaN(d.getTime())) throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'asOf', message: 'asOf must be an ISO-8601 time' });
  return d;
}

/** A boolean query (`true`/`false`, absent = false); anything else is a 400 naming it. */
export function booleanParam(field: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new BadRequestException({ code: 'VALIDATION_FAILED', field, message: `${field} must be true or false` });
}
