import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@cluebus/domain';
import { EventIdConflictError, WrongExpectedVersionError } from '@cluebus/eventstore';
import type { Request, Response } from 'express';
import { type ApiRefusal, type FieldError, PROBLEM_JSON, PROBLEM_TYPE_PREFIX, type ProblemDetails } from './api-error';
import { problemEntry } from './problems/problem-catalog';
import { type ProblemLanguage, problemLanguage } from './problems/problem-language';
import { bodyParserRefusal } from './request-body';

/**
 * A domain refusal's status: kind not-found → 404, forbidden → 403; a refusal naming a request
 * field is about the request's content (422) unless the catalogue calls its code a conflict;
 * one without a field is about where the clue or case stands (409, and it names `id`).
 */
export function domainRefusal(e: DomainError): ApiRefusal {
  const content = e.field !== undefined && problemEntry(e.code, 422).status !== 409;
  const status = e.kind === 'not-found' ? 404 : e.kind === 'forbidden' ? 403 : content ? 422 : 409;
  return { status, code: e.code, detail: e.message, field: e.field ?? 'id' };
}

/** The payload an HttpException was made with (`{ code, field?, message, errors?, …extensions }`) as a refusal. */
function httpRefusal(e: HttpException): ApiRefusal {
  const status = e.getStatus();
  const r = e.getResponse();
  if (typeof r === 'object' && r !== null && 'code' in r) {
    const { code, message, detail, field, errors, statusCode: _s, error: _e, ...extensions } = r as Record<string, unknown>;
    return {
      status,
      code: String(code),
      detail: String(detail ?? message ?? e.message),
      ...(typeof field === 'string' ? { field } : {}),
      ...(Array.isArray(errors) ? { errors: errors as FieldError[] } : {}),
      ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
    };
  }
  const message = typeof r === 'string' ? r : ((r as { message?: unknown }).message ?? e.message);
  const code = status === 404 ? 'NOT_FOUND' : status === 400 ? 'BAD_REQUEST' : `HTTP_${status}`;
  return { status, code, detail: Array.isArray(message) ? message.join('; ') : String(message) };
}

/** A refusal in the caller's language, as problem details. */
export function toProblemDetails(refusal: ApiRefusal, language: ProblemLanguage, instance: string): ProblemDetails {
  const entry = problemEntry(refusal.code, refusal.status);
  const zhDetail = refusal.field ? `${entry.zh}（字段：${refusal.field}）` : entry.zh;
  return {
    type: `${PROBLEM_TYPE_PREFIX}${refusal.code}`,
    title: language === 'en' ? entry.en : entry.zh,
    status: refusal.status,
    detail: language === 'en' ? refusal.detail : zhDetail,
    instance,
    code: refusal.code,
    ...(refusal.field !== undefined ? { field: refusal.field } : {}),
    ...(refusal.errors ? { errors: refusal.errors } : {}),
    ...refusal.extensions,
  };
}

/** Sends problem details for a request: language from Accept-Language, `instance` its path. */
export function sendProblem(req: Request, res: Response, refusal: ApiRefusal): void {
  const language = problemLanguage(req.headers['accept-language']);
  const instance = (req.originalUrl ?? req.url ?? '').split('?')[0];
  res.status(refusal.status).setHeader('Content-Language', language).vary('Accept-Language').type(PROBLEM_JSON).json(toProblemDetails(refusal, language, instance));
}

/**
 * Maps every failure to RFC 9457 problem details (ADR 0013). Business refusals are 4xx with the
 * domain's code; a body that could not be read (too large, not JSON, not UTF-8 …:
 * request-body.ts) is its 4xx; anything unexpected is a 500 without internals (logged, never
 * with personal data).
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const refusal = this.toRefusal(exception);
    // A failure after the first byte (a file export that broke mid-way): no second status line.
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(http.getRequest<Request>(), res, refusal);
  }

  private toRefusal(e: unknown): ApiRefusal {
    if (e instanceof DomainError) return domainRefusal(e);
    if (e instanceof WrongExpectedVersionError) {
      return { status: 409, code: 'CONCURRENCY_CONFLICT', field: 'id', detail: 'the clue changed while this request was decided; read it again and retry' };
    }
    if (e instanceof EventIdConflictError) return { status: 409, code: e.code, detail: e.message };
    if (e instanceof HttpException) return httpRefusal(e);
    // A body parser's error that did not pass through jsonBodyParser (e.g. one mounted elsewhere).
    const unreadable = bodyParserRefusal(e);
    if (unreadable) return unreadable;
    this.logger.error(e instanceof Error ? e.stack : String(e));
    return { status: 500, code: 'INTERNAL', detail: 'internal error' };
  }
}
