import { BadRequestException, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import { AuditIntegrityError, AuditNotFoundError, AuditRequestError } from '@cluebus/eventstore/audit';

const logger = new Logger('Audit');

/** The store-side audit errors as API errors: 404 / 400 with a code and a field; integrity failures are 500s. */
export async function asApiErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AuditNotFoundError) throw new NotFoundException({ code: error.code, field: error.field, message: error.message });
    if (error instanceof AuditRequestError) throw new BadRequestException({ code: 'VALIDATION_FAILED', field: error.field, message: error.message });
    if (error instanceof AuditIntegrityError) {
      logger.error({ msg: 'integrity failure while building a proof', reason: error.message });
      throw new HttpException(
        { code: error.code, message: `${error.message}; POST /v1/audit/verify names the first bad position` },
        HttpStatus.INTERNAL_SERVER_ERROR,
      );
    }
    throw error;
  }
}

/** A positive integer query parameter, or a 400 naming it. */
export function positiveInt(raw: string | undefined, field: string, required: true): number;
export function positiveInt(raw: string | undefined, field: string, required?: false): number | undefined;
export function positiveInt(raw: string | undefined, field: string, required = false): number | undefined {
  if (raw === undefined || raw === '') {
    if (required) throw new BadRequestException({ code: 'VALIDATION_FAILED', field, message: `${field} is required` });
    return undefined;
  }
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
    throw new BadRequestException({ code: 'VALIDATION_FAILED', field, message: `${field} must be a positive integer` });
  }
  return value;
}
