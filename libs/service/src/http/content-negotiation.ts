import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { sendProblem } from './error.filter';

/**
 * What a request's answer can be, as media types (`type/subtype`), or undefined when the route
 * negotiates on its own (Swagger UI at /docs serves HTML, JS and JSON).
 */
export type Representations = (req: IncomingMessage) => readonly string[] | undefined;

export const JSON_ONLY = ['application/json'] as const;
export const pathOf = (req: IncomingMessage) => (req.url ?? '').split('?')[0];

/** The ledger app (apps/ledger): JSON only, besides its Swagger UI. */
export const jsonRepresentations: Representations = (req) => (pathOf(req).startsWith('/docs') ? undefined : JSON_ONLY);

/**
 * Whether an Accept header (RFC 9110 §12.5.1) takes one of the media types: a range with q > 0
 * matching it exactly, as `type/*` or as `*\/*`. No header (or an empty one) takes anything.
 */
export function accepts(header: string | undefined, mediaTypes: readonly string[]): boolean {
  if (header === undefined || header.trim() === '') return true;
  const ranges = header.split(',').map((part) => {
    const [range = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    return { range: range.trim().toLowerCase(), q: q === undefined ? 1 : Number(q.slice(2)) || 0 };
  });
  return mediaTypes.some((mediaType) => {
    const type = mediaType.split('/')[0];
    return ranges.some(({ range, q }) => q > 0 && (range === mediaType || range === `${type}/*` || range === '*/*'));
  });
}

/**
 * 406 NOT_ACCEPTABLE, before anything runs, for a request whose Accept header takes none of
 * the representations its route can give (`Accept: text/html` on a JSON endpoint). Errors
 * themselves are always problem+json (RFC 9110 lets a server ignore Accept for them).
 */
export function notAcceptableRefusal(representations: Representations): RequestHandler {
  return (req, res, next) => {
    const offered = representations(req);
    const header = req.headers.accept;
    if (offered === undefined || accepts(header, offered)) return next();
    sendProblem(req, res, {
      status: 406,
      code: 'NOT_ACCEPTABLE',
      field: 'Accept',
      detail: `${req.method} ${pathOf(req)} answers ${offered.join(' or ')}; Accept was ${String(header).slice(0, 100)}`,
    });
  };
}
