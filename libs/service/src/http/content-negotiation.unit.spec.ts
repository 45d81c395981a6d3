import type { IncomingMessage } from 'node:http';
import { accepts, jsonRepresentations } from './content-negotiation';
import { serviceRepresentations } from './service-representations';

const JSON_ONLY = ['application/json'];

describe('accepts', () => {
  it.each<[string, string | undefined, readonly string[], boolean]>([
    ['no Accept header', undefined, JSON_ONLY, true],
    ['*/*', '*/*', JSON_ONLY, true],
    ['application/*', 'application/*', JSON_ONLY, true],
    ['a browser (html first, */* last)', 'text/html,application/xhtml+xml,*/*;q=0.8', JSON_ONLY, true],
    ['text/html only', 'text/html', JSON_ONLY, false],
    ['JSON refused with q=0', 'application/json;q=0, text/html', JSON_ONLY, false],
    ['problem+json only (not a success representation)', 'application/problem+json', JSON_ONLY, false],
    ['text/csv for a csv export', 'text/csv', ['text/csv'], true],
    ['application/json for a csv export', 'application/json', ['text/csv'], false],
    ['Application/JSON in capitals', 'Application/JSON', JSON_ONLY, true],
  ])('given %s, when checked, then %s', (_what, header, offered, expected) => {
    expect(accepts(header, offered)).toBe(expected);
  });
});

describe('serviceRepresentations', () => {
  const at = (url: string) => serviceRepresentations({ url } as IncomingMessage);

  it('given the routes, when asked, then JSON by default, text for /metrics, an event stream for the inbox stream, the export by its format, nothing for /docs', () => {
    expect(at('/v1/clues/x')).toEqual(JSON_ONLY);
    expect(at('/metrics')).toEqual(['text/plain']);
    expect(at('/v1/inbox/stream?after=3')).toEqual(['text/event-stream']);
    expect(at('/v1/ledger?format=csv')).toEqual(['text/csv']);
    expect(at('/v1/ledger?format=xlsx')).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(at('/v1/ledger')).toEqual(JSON_ONLY);
    expect(at('/v1/ledger?format=pdf')).toBeUndefined();
    expect(at('/docs')).toBeUndefined();
    expect(at('/docs-json')).toBeUndefined();
    expect(jsonRepresentations({ url: '/v1/ledger/departments' } as IncomingMessage)).toEqual(JSON_ONLY);
  });
});
