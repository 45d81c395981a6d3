import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { HttpException } from '@nestjs/common';
import { json, type RequestHandler } from 'express';
import type { ApiRefusal } from './api-error';

/*
 * The API reads one kind of body: JSON in UTF-8, up to a limit (CLUEBUS_BODY_LIMIT). Whatever
 * goes wrong before validation — too large, not JSON, not UTF-8, another media type — is a 4xx
 * with its own code, refused before any guard, pipe or handler runs, so nothing is stored.
 */

/** body-parser's error `type`s (plus MALFORMED_UTF8's, thrown by our verify) → the API's answer. */
const BODY_PARSER_ERRORS: Record<string, (e: { limit?: unknown; message?: string }) => ApiRefusal> = {
  'entity.too.large': (e) => ({
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    detail: typeof e.limit === 'number' ? `the request body is larger than the limit of ${e.limit} bytes` : 'the request body is too large',
  }),
  // Our own message: the parser's quotes the body, which may hold personal data.
  'entity.parse.failed': (e) => ({ status: 400, code: 'MALFORMED_JSON', detail: `the request body is not valid JSON${jsonPosition(e.message)}` }),
  'charset.unsupported': () => ({ status: 415, code: 'UNSUPPORTED_CHARSET', field: 'Content-Type', detail: 'the request body must be UTF-8 (charset=utf-8)' }),
  'encoding.unsupported': () => ({
    status: 415,
    code: 'UNSUPPORTED_CONTENT_ENCODING',
    field: 'Content-Encoding',
    detail: 'Content-Encoding must be identity, gzip, deflate or br',
  }),
  'encoding.invalid-utf8': () => ({ status: 400, code: 'MALFORMED_UTF8', detail: 'the request body is not valid UTF-8' }),
  'request.size.invalid': () => ({ status: 400, code: 'BODY_LENGTH_MISMATCH', field: 'Content-Length', detail: 'the request body is not as long as Content-Length says' }),
  'request.aborted': () => ({ status: 400, code: 'REQUEST_ABORTED', detail: 'the client stopped sending the request body' }),
};

function jsonPosition(message: string | undefined): string {
  const at = message?.match(/at position (\d+)/)?.[1];
  return at ? ` (at position ${at})` : '';
}

/**
 * The answer to an error raised while reading a body (an http-errors error with a `type`, as
 * body-parser raises), or undefined for anything else. A 5xx of the parser (a stream already
 * read: our bug, not the client's) is not mapped: it stays a logged 500.
 */
export function bodyParserRefusal(e: unknown): ApiRefusal | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { type, status, expose } = e as { type?: unknown; status?: unknown; expose?: unknown };
  // http-errors marks a client error `expose`: its own errors only, not anything with a `type`.
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500 || expose !== true) return undefined;
  const known = BODY_PARSER_ERRORS[type];
  if (known) return known(e as { limit?: unknown; message?: string });
  return { status, code: status === 400 ? 'BAD_REQUEST' : `HTTP_${status}`, detail: 'the request body could not be read' };
}

/** An http-errors error as an HttpException the filter answers as is (Nest would turn a SyntaxError into a bare 400 first). */
function asHttpException(e: unknown): unknown {
  const refusal = bodyParserRefusal(e);
  if (!refusal) return e;
  const { status, detail, ...rest } = refusal;
  return new HttpException({ ...rest, message: detail }, status, { cause: e });
}

const hasBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/** `application/json` with no charset or charset utf-8; anything else with a body is refused. */
export function mediaTypeRefusal(req: IncomingMessage): HttpException | undefined {
  if (!hasBody(req)) return undefined;
  const [type = '', ...params] = (req.headers['content-type'] ?? '').split(';');
  const mediaType = type.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    const got = mediaType ? mediaType.slice(0, 100) : 'none';
    return new HttpException(
      { code: 'UNSUPPORTED_MEDIA_TYPE', field: 'Content-Type', message: `Content-Type must be application/json, got ${got}` },
      415,
    );
  }
  const charset = params
    .map((p) => p.trim().match(/^charset\s*=\s*"?([^";]*)"?$/i)?.[1]?.trim().toLowerCase())
    .find((c) => c !== undefined);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return new HttpException({ code: 'UNSUPPORTED_CHARSET', field: 'Content-Type', message: 'the request body must be UTF-8 (charset=utf-8)' }, 415);
  }
  return undefined;
}

/** Deeper than any request of the API (3 levels: subjects[0].name) by far; the limit keeps validation's recursion off a stack overflow (a RangeError: 500). */
export const MAX_BODY_DEPTH = 32;

/**
 * U+0000, which PostgreSQL text and jsonb cannot hold (the append fails: a 500 after the
 * decision), and unpaired surrogates, which are no Unicode and would be stored as U+FFFD.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What makes a parsed body unfit before validation sees it: nesting deeper than MAX_BODY_DEPTH,
 * or a string or key that cannot be stored as text (named as validation names fields,
 * `subjects[0].name`). Iterative, so no input can overflow the stack here either.
 */
export function parsedBodyRefusal(body: unknown): HttpException | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return unstorable(path);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_BODY_DEPTH) {
      return new HttpException({ code: 'NESTING_TOO_DEEP', message: `the request body nests deeper than ${MAX_BODY_DEPTH} levels` }, 400);
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const at = path ? `${path}.${key}` : key;
      if (UNSTORABLE.test(key)) return unstorable(at);
      pending.push({ value: child, path: at, depth: depth + 1 });
    }
  }
  return undefined;
}

function unstorable(field: string): HttpException {
  return new HttpException(
    { code: 'UNSUPPORTED_CHARACTER', ...(field ? { field } : {}), message: `${field || 'the body'} contains U+0000 or an unpaired surrogate, which cannot be stored` },
    400,
  );
}

/** body-parser decodes bad UTF-8 into U+FFFD without a word; refuse it instead of storing mangled text. */
function refuseInvalidUtf8(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw Object.assign(new Error('invalid UTF-8'), { status: 400, type: 'encoding.invalid-utf8' });
}

/**
 * The API's only body parser (Nest's own json/urlencoded parsers are off): the media-type check,
 * then express.json with the limit, strict (an object or an array, not a bare value), UTF-8
 * checked; gzip/deflate/br bodies are inflated and the limit counts the inflated bytes. Then
 * the parsed body's depth and characters (parsedBodyRefusal).
 */
export function jsonBodyParser(limitBytes: number): RequestHandler {
  const parse = json({ limit: limitBytes, strict: true, type: 'application/json', verify: refuseInvalidUtf8 });
  return (req, res, next) => {
    const refusal = mediaTypeRefusal(req);
    if (refusal) return next(refusal);
    parse(req, res, (err?: unknown) => {
      if (err !== undefined) return next(asHttpException(err));
      next(parsedBodyRefusal(req.body));
    });
  };
}
