import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CluebusClient } from './cluebus-client';

interface Operation {
  operationId: string;
  method: string;
  template: string;
}
const CONTRACT = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'openapi', 'cluebus.v1.json'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
const OPERATIONS: Operation[] = Object.entries(CONTRACT.paths).flatMap(([template, item]) =>
  Object.entries(item)
    .filter(([method, op]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method) && op.operationId)
    .map(([method, op]) => ({ operationId: op.operationId!, method: method.toUpperCase(), template })),
);
const ID = '01938a4e-5b7c-7d2e-9f10-2a3b4c5d6e7f';
const B = {} as never;

/**
 * Every operation of the document, by operationId, and the SDK calls that reach it. An
 * operation added to the document without an SDK method fails the first test; an SDK method
 * missing here fails the second.
 */
const CALLS: Record<string, Array<(c: CluebusClient) => Promise<unknown>>> = {
  registerClue: [(c) => c.clues.register(B)],
  transferClue: [(c) => c.clues.transfer(ID, B)],
  acknowledgeTransfer: [(c) => c.clues.acknowledge(ID, ID)],
  rejectTransfer: [(c) => c.clues.reject(ID, ID, B)],
  issueSupervision: [(c) => c.clues.issueSupervision(ID, ID, B)],
  requestExtension: [(c) => c.clues.requestExtension(ID, ID, B)],
  grantExtension: [(c) => c.clues.grantExtension(ID, ID, B)],
  denyExtension: [(c) => c.clues.denyExtension(ID, ID, B)],
  forwardClue: [(c) => c.clues.forward(ID, B)],
  openInvestigation: [(c) => c.clues.openInvestigation(ID, B)],
  recordFinding: [(c) => c.clues.recordFinding(ID, B)],
  decideDisposition: [(c) => c.clues.decideDisposition(ID, B)],
  sendFeedback: [(c) => c.clues.sendFeedback(ID, B)],
  getClue: [(c) => c.clues.get(ID, { asOf: new Date('2026-12-01T00:00:00Z') })],
  suggestRecipients: [(c) => c.clues.routing(ID)],
  getClueHistory: [(c) => c.clues.history(ID)],
  getInbox: [(c) => c.inbox.list({ status: 'pending' })],
  streamInbox: [
    async (c) => {
      const watch = c.inbox.watch({ after: 3 });
      await watch.next();
      await watch.return();
    },
  ],
  getHealth: [(c) => c.health()],
  listEventSchemas: [(c) => c.schemas.list()],
  getEventSchema: [(c) => c.schemas.get('ClueRegistered', 2)],
  getLatestCheckpoint: [(c) => c.audit.latestCheckpoint()],
  getCheckpoint: [(c) => c.audit.checkpoint(8)],
  getAuditPublicKeys: [(c) => c.audit.publicKeys()],
  // verifyEvent fetches the proof, then the checkpoint of its size on its own.
  getEventProof: [(c) => c.audit.eventProof(ID, { treeSize: 8 }), (c) => c.audit.verifyEvent(ID, { publicKey: PUBLIC_KEY })],
  getConsistencyProof: [(c) => c.audit.consistency(4, 8)],
  getAuditStatus: [(c) => c.audit.status()],
  verifyLog: [(c) => c.audit.verifyLog()],
  getAccessLog: [(c) => c.audit.accessLog({ role: 'investigator' })],
  openCase: [(c) => c.cases.open(B)],
  listCases: [(c) => c.cases.list()],
  attachClueToCase: [(c) => c.cases.attachClue(ID, B)],
  concludeCaseTrack: [(c) => c.cases.concludeTrack(ID, B)],
  concludeCase: [(c) => c.cases.conclude(ID, B)],
  linkBriberyPair: [(c) => c.cases.linkBriberyPair(ID, B)],
  getCase: [(c) => c.cases.get(ID, { asOf: '2026-12-01T00:00:00Z' })],
  getCaseTimeline: [(c) => c.cases.timeline(ID, { proof: true })],
  getLedger: [(c) => c.ledger.get({ direction: 'received', overdue: true }), (c) => c.ledger.export('csv')],
  getStats: [(c) => c.ledger.stats({ from: '2026-11-01' })],
  eraseSubjectData: [(c) => c.personalData.eraseSubject('pdt1:abc')],
  eraseReporterData: [(c) => c.personalData.eraseReporter(ID)],
  imposeSanction: [(c) => c.sanctions.impose(B)],
  revokeSanction: [(c) => c.sanctions.revoke(ID, B)],
  repairCredit: [(c) => c.sanctions.repairCredit(ID, B)],
  getBlacklist: [(c) => c.blacklist.get({ uscc: '91330100716105852F' }), (c) => c.blacklist.export('xlsx')],
  getBlacklistChanges: [(c) => c.blacklist.changes({ since: 10 })],
};

const PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n';

/** The area clients' public methods, as `area.method`, and a client whose methods say when they run. */
function instrumented(client: CluebusClient, called: Set<string>): string[] {
  const names: string[] = [];
  const areas = Object.entries(client).filter(([, v]) => v && typeof v === 'object' && Object.getPrototypeOf(v) !== Object.prototype);
  const record = (target: Record<string, unknown>, prefix: string, proto: object) => {
    for (const name of Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor')) {
      const original = target[name] as (...args: unknown[]) => unknown;
      names.push(`${prefix}${name}`);
      target[name] = (...args: unknown[]) => (called.add(`${prefix}${name}`), original.apply(target, args));
    }
  };
  for (const [area, sub] of areas) if (area !== 'http') record(sub as Record<string, unknown>, `${area}.`, Object.getPrototypeOf(sub));
  record(client as unknown as Record<string, unknown>, '', CluebusClient.prototype);
  return names;
}

describe('CluebusClient and the contract (openapi/cluebus.v1.json)', () => {
  it('given the document, when its operations are listed, then each one has an SDK call and no call names an operation it lacks', () => {
    expect(OPERATIONS.map((o) => o.operationId).sort()).toEqual(Object.keys(CALLS).sort());
  });

  it('given each SDK call, when made, then it sends the verb and path of its operation, and every public SDK method is one of the calls', async () => {
    const requests: Array<{ method: string; url: URL }> = [];
    const fetch = (async (url: string, init: RequestInit) => {
      requests.push({ method: init.method ?? 'GET', url: new URL(url) });
      if (url.endsWith('/v1/inbox/stream')) return new Response('id: 4\nevent: inbox\ndata: {"position":4}\n\n', { status: 200, headers: { 'content-type': 'text/event-stream' } });
      return new Response(JSON.stringify({ checkpoint: { treeSize: 8 } }), { status: 200 });
    }) as typeof globalThis.fetch;
    const client = new CluebusClient({ baseUrl: 'http://cluebus.test', apiKey: 'k', fetch });
    const called = new Set<string>();
    const methods = instrumented(client, called);

    const wrong: string[] = [];
    for (const [operationId, calls] of Object.entries(CALLS)) {
      const op = OPERATIONS.find((o) => o.operationId === operationId)!;
      const pattern = new RegExp(`^${op.template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const call of calls) {
        requests.length = 0;
        await call(client);
        const first = requests[0];
        if (!first || first.method !== op.method || !pattern.test(first.url.pathname)) {
          wrong.push(`${operationId}: ${first ? `${first.method} ${first.url.pathname}` : 'no request'}`);
        }
      }
    }

    expect(wrong).toEqual([]);
    expect(methods.filter((m) => !called.has(m))).toEqual([]);
  });
});
