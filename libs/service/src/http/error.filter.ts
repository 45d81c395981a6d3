import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@cluebus/domain';
import { EventIdConflictError, WrongExpectedVersionError } from '@cluebus/eventstore';
import type { ApiErrorBody } from './api-error';

/**
 * Maps every failure to one JSON shape. Business refusals are 4xx with the domain's code;
 * anything unexpected is a 500 without internals (logged, never with personal data).
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse();
    const body = this.toBody(exception);
    response.status(body.statusCode).json(body);
  }

  private toBody(e: unknown): ApiErrorBody {
    if (e instanceof DomainError) {
      const statusCode = e.kind === 'not-found' ? 404 : e.kind === 'forbidden' ? 403 : e.field ? 422 : 409;
      return { statusCode, code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
    }
    if (e instanceof WrongExpectedVersionError) {
      return { statusCode: 409, code: 'CONCURRENCY_CONFLICT', message: 'the clue changed while this request was decided; read it again and retry' };
    }
    if (e instanceof EventIdConflictError) return { statusCode: 409, code: e.code, message: e.message };
    if (e instanceof HttpException) {
      const statusCode = e.getStatus();
      const r = e.getResponse();
      if (typeof r === 'object' && r && 'code' in r) return { statusCode, ...(r as Omit<ApiErrorBody, 'statusCode'>) };
      const message = typeof r === 'string' ? r : ((r as { message?: string }).message ?? e.message);
      const code = statusCode === 404 ? 'NOT_FOUND' : statusCode === 400 ? 'BAD_REQUEST' : `HTTP_${statusCode}`;
      return { statusCode, code, message: Array.isArray(message) ? message.join('; ') : String(message) };
    }
    this.logger.error(e instanceof Error ? e.stack : String(e));
    return { statusCode: 500, code: 'INTERNAL', message: 'internal error' };
  }
}
