import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ClueErrorCodes, DomainError } from '@cluebus/domain';
import { EventIdConflictError, WrongExpectedVersionError } from '@cluebus/eventstore';
import type { ApiErrorBody } from './api-error';
import { bodyParserErrorBody } from './request-body';

/**
 * Refusals caused by where the clue stands (or by a concurrent writer), not by the request's
 * content: 409 Conflict. Refusals of the request's content: 422 (shape errors are 400).
 */
const STATE_CONFLICTS = new Set<string>([
  ClueErrorCodes.CLUE_ALREADY_EXISTS,
  ClueErrorCodes.TRANSFER_ALREADY_ANSWERED,
  ClueErrorCodes.INVESTIGATION_ALREADY_OPEN,
  ClueErrorCodes.FEEDBACK_ALREADY_SENT,
  ClueErrorCodes.FEEDBACK_REQUIRES_FINDING,
  ClueErrorCodes.FEEDBACK_REQUIRES_DISPOSITION,
  ClueErrorCodes.MUST_ACKNOWLEDGE_FIRST,
  ClueErrorCodes.CLUE_REJECTED_BY_ACTOR,
  ClueErrorCodes.DUPLICATE_RECIPIENT,
  ClueErrorCodes.TRANSFER_ID_IN_USE,
  ClueErrorCodes.NOTHING_TO_ANSWER,
  ClueErrorCodes.ONLY_REGISTRAR_MAY_TRANSFER,
  ClueErrorCodes.ONLY_RECIPIENTS_MAY_FORWARD,
  ClueErrorCodes.ILLEGAL_TRANSITION,
]);

/**
 * Maps every failure to one JSON shape. Business refusals are 4xx with the domain's code; a body
 * that could not be read (too large, not JSON, not UTF-8 …: request-body.ts) is its 4xx;
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
      // A refusal without a field of its own is about the clue's state: it names the clue (`id`).
      const statusCode = e.kind === 'not-found' ? 404 : e.kind === 'forbidden' ? 403 : e.field && !STATE_CONFLICTS.has(e.code) ? 422 : 409;
      return { statusCode, code: e.code, message: e.message, field: e.field ?? 'id' };
    }
    if (e instanceof WrongExpectedVersionError) {
      return { statusCode: 409, code: 'CONCURRENCY_CONFLICT', field: 'id', message: 'the clue changed while this request was decided; read it again and retry' };
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
    // A body parser's error that did not pass through jsonBodyParser (e.g. one mounted elsewhere).
    const unreadable = bodyParserErrorBody(e);
    if (unreadable) return unreadable;
    this.logger.error(e instanceof Error ? e.stack : String(e));
    return { statusCode: 500, code: 'INTERNAL', message: 'internal error' };
  }
}
