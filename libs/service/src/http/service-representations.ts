import { CONTENT_TYPES, LEDGER_FORMATS, type LedgerFormat } from '../ledger/exports/ledger-export';
import { JSON_ONLY, pathOf, type Representations } from './content-negotiation';

// Apart from content-negotiation.ts: the ledger app negotiates too, without the 台账 export's writers.
/** The department service: JSON everywhere, except the Prometheus text at /metrics, the inbox's event stream and the 台账 export chosen by `format`. */
export const serviceRepresentations: Representations = (req) => {
  const path = pathOf(req);
  if (path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-')) return undefined;
  if (path === '/metrics') return ['text/plain'];
  // The inbox stream (server-sent events); its refusals are problem+json like any other.
  if (path === '/v1/inbox/stream') return ['text/event-stream'];
  if (path === '/v1/ledger') {
    const format = (new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('format') ?? 'json') as LedgerFormat;
    // An unknown format is the parameter check's 400, not a 406.
    if (!LEDGER_FORMATS.includes(format)) return undefined;
    return format === 'json' ? JSON_ONLY : [CONTENT_TYPES[format].split(';')[0]];
  }
  return JSON_ONLY;
};

