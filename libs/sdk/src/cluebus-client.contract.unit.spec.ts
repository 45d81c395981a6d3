import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CluebusClient } from './cluebus-client';

const CONTRACT = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'openapi', 'cluebus.v1.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const ID = '01938a4e-5b7c-7d2e-9f10-2a3b4c5d6e7f';

/** How to call each SDK method once; a method added to the SDK must be added here (the test says so). */
const CALLS: Record<string, (c: CluebusClient) => Promise<unknown>> = {
  registerClue: (c) => c.registerClue({} as never),
  transferClue: (c) => c.transferClue(ID, {} as never),
  acknowledgeTransfer: (c) => c.acknowledgeTransfer(ID, ID),
  rejectTransfer: (c) => c.rejectTransfer(ID, ID, {} as never),
  forwardClue: (c) => c.forwardClue(ID, {} as never),
  openInvestigation: (c) => c.openInvestigation(ID, {} as never),
  recordFinding: (c) => c.recordFinding(ID, {} as never),
  decideDisposition: (c) => c.decideDisposition(ID, {} as never),
  sendFeedback: (c) => c.sendFeedback(ID, {} as never),
  getClue: (c) => c.getClue(ID, new Date('2026-12-01T00:00:00Z')),
  getHistory: (c) => c.getHistory(ID),
  inbox: (c) => c.inbox('pending'),
};

// TypeScript's private methods are still on the prototype: they are not calls of the contract.
const PRIVATE = new Set(['constructor', 'command', 'call', 'send']);

/** The document's operation for a concrete request, if any: `{param}` segments match any one segment. */
function documented(method: string, url: URL): boolean {
  return Object.entries(CONTRACT.paths).some(
    ([template, item]) => method.toLowerCase() in item && new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(url.pathname),
  );
}

describe('CluebusClient and the contract (openapi/cluebus.v1.json)', () => {
  it('given the SDK, when every public method is called, then its verb and path are an operation of the document', async () => {
    const requests: Array<{ name: string; method: string; url: URL }> = [];
    let current = '';
    const fetch = (async (url: string, init: RequestInit) => {
      requests.push({ name: current, method: init.method ?? 'GET', url: new URL(url) });
      return new Response('{}', { status: 200 });
    }) as typeof globalThis.fetch;
    const client = new CluebusClient({ baseUrl: 'http://cluebus.test', apiKey: 'k', fetch });

    const methods = Object.getOwnPropertyNames(CluebusClient.prototype).filter((n) => !PRIVATE.has(n));
    expect(methods.sort()).toEqual(Object.keys(CALLS).sort());
    for (const name of methods) {
      current = name;
      await CALLS[name](client);
    }

    expect(requests.map((r) => r.name)).toEqual(methods);
    expect(requests.filter((r) => !documented(r.method, r.url)).map((r) => `${r.name}: ${r.method} ${r.url.pathname}`)).toEqual([]);
  });
});
