import { usccCheckCharacter } from '@cluebus/contracts';
import { ApiClient } from '../support/api-client';
import { committedContract, operationsOf, responseValidator } from '../support/openapi-contract';
import { startStandalone, type RunningApp } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';

describe('the OpenAPI contract (openapi/cluebus.v1.json)', () => {
  let running: RunningApp;
  let served: Record<string, any>;
  beforeAll(async () => {
    running = await startStandalone('pglite');
    served = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as Record<string, any>;
  }, 60_000);
  afterAll(() => running?.close());

  it('given the committed document, when the running service serves /docs-json, then they are the same (else run `npm run openapi`)', () => {
    expect(served).toEqual(committedContract());
  });

  it('given every operation, then it has a stable operationId, a summary, a tag, a success schema and a problem schema for each error', () => {
    const ops = operationsOf(served);
    expect(ops.length).toBeGreaterThanOrEqual(33);
    for (const { method, path, operation } of ops) {
      const where = `${method.toUpperCase()} ${path}`;
      expect([where, operation.operationId]).toEqual([where, expect.stringMatching(/^[a-z][A-Za-z]+$/)]);
      expect([where, operation.summary, operation.tags?.length]).toEqual([where, expect.stringMatching(/\p{Script=Han}.*—\s*[A-Z]/u), 1]);
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        // An event stream (streamInbox) is described as the sequence of its items.
        const stream = Number(status) < 400 && response.content?.['text/event-stream'];
        const media = stream ? 'text/event-stream' : Number(status) < 400 ? 'application/json' : 'application/problem+json';
        const schema = response.content?.[media]?.schema;
        expect([where, status, stream ? schema?.items?.$ref : schema?.$ref]).toEqual([where, status, expect.stringMatching(/^#\/components\/schemas\//)]);
      }
      const idempotencyHeader = (operation.parameters ?? []).some((p: any) => p.in === 'header' && p.name === 'Idempotency-Key');
      if (method === 'get') expect([where, idempotencyHeader]).toEqual([where, false]);
    }
  });

  it('given the security declaration, then an API key (no JWT) is required everywhere but on health and the event schemas (public shapes, no data: ADR 0014)', () => {
    expect(served.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(served.components.securitySchemes.bearer.bearerFormat).toBeUndefined();
    expect(served.security).toEqual([{ bearer: [] }]);
    const open = operationsOf(served).filter((o) => Array.isArray(o.operation.security) && o.operation.security.length === 0);
    expect(open.map((o) => o.operation.operationId).sort()).toEqual(['getEventSchema', 'getHealth', 'listEventSchemas']);
  });

  it('given a clue taken from registration to history, when each answer is checked, then it validates against its documented schema with no undocumented field', async () => {
    const check = responseValidator(served);
    const nhc = new ApiClient(running.baseUrl, 'dev-nhc');
    const samr = nhc.as('dev-samr');
    const investigator = nhc.as('dev-investigator');
    const answers: Array<[string, { status: number; body: unknown }]> = [];

    const registered = await nhc.post('/v1/clues', kickbackClue(), { 'idempotency-key': `contract-${Date.now()}` });
    answers.push(['registerClue', registered]);
    const clueId = registered.body.clueId;
    const transferred = await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr'], basis: BASIS });
    answers.push(['transferClue', transferred]);
    answers.push(['acknowledgeTransfer', await samr.post(`/v1/clues/${clueId}/transfers/${transferred.body.transferId}/acknowledge`)]);
    answers.push(['openInvestigation', await samr.post(`/v1/clues/${clueId}/investigation`, { basis: '反不正当竞争法第七条' })]);
    answers.push(['getClue', await nhc.get(`/v1/clues/${clueId}`)]);
    answers.push(['getClueHistory', await nhc.get(`/v1/clues/${clueId}/history`)]);
    answers.push(['suggestRecipients', await nhc.get(`/v1/clues/${clueId}/routing`)]);
    answers.push(['getInbox', await samr.get('/v1/inbox')]);
    answers.push(['getLedger', await nhc.get('/v1/ledger')]);
    answers.push(['getStats', await nhc.get('/v1/stats')]);
    answers.push(['listCases', await nhc.get('/v1/cases')]);
    answers.push(['getAuditStatus', await investigator.get('/v1/audit/status')]);
    answers.push(['getHealth', await new ApiClient(running.baseUrl, '').get('/health')]);

    const problems = answers.flatMap(([operationId, { status, body }]) => (status >= 400 ? [`${operationId} answered ${status} ${JSON.stringify(body)}`] : check(operationId, status, body)));
    expect(problems).toEqual([]);
    expect(answers.map(([, a]) => a.status)).toEqual([201, 201, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]);
  });

  it('given a sanction imposed, listed, revoked and another repaired, when each answer is checked, then it validates against its documented schema with no undocumented field', async () => {
    const check = responseValidator(served);
    const samr = new ApiClient(running.baseUrl, 'dev-samr');
    const auditor = samr.as('dev-auditor');
    const nhc = samr.as('dev-nhc');
    const uscc = (body: string) => body + usccCheckCharacter(body);
    const impose = (code: string) => ({
      subject: { kind: 'enterprise', uscc: uscc(code), name: '宿州某医药贸易有限公司' },
      measure: 'administrative-penalty-publicity',
      legalBasis: '《中华人民共和国反不正当竞争法》第七条',
      startsOn: '2026-12-01',
    });
    const answers: Array<[string, { status: number; body: unknown }]> = [];

    const first = await samr.post('/v1/sanctions', impose('91341300MA2N0C8KX'), { 'idempotency-key': `contract-sanction-${Date.now()}` });
    answers.push(['imposeSanction', first]);
    const second = await samr.post('/v1/sanctions', impose('91341300MA2N0D9KX'));
    answers.push(['imposeSanction', second]);
    answers.push(['getBlacklist', await auditor.get('/v1/blacklist')]);
    answers.push(['getBlacklistChanges', await auditor.get('/v1/blacklist/changes')]);
    answers.push(['revokeSanction', await samr.post(`/v1/sanctions/${first.body.sanctionId}/revocation`, { reason: '行政处罚决定已被撤销', effectiveOn: '2026-12-02' })]);
    answers.push(['repairCredit', await samr.post(`/v1/sanctions/${second.body.sanctionId}/repair`, { basis: '已完成整改并通过信用修复审核', effectiveOn: '2026-12-02' })]);
    answers.push(['getAccessLog', await nhc.get('/v1/access-log?role=auditor')]);

    const problems = answers.flatMap(([operationId, { status, body }]) => (status >= 400 ? [`${operationId} answered ${status} ${JSON.stringify(body)}`] : check(operationId, status, body)));
    expect(problems).toEqual([]);
    expect(answers.map(([, a]) => a.status)).toEqual([201, 201, 200, 200, 200, 200, 200]);
    expect((answers[2][1].body as { listings: unknown[] }).listings.length).toBeGreaterThan(0);
    expect((answers[6][1].body as { entries: unknown[] }).entries.length).toBeGreaterThan(0);
  });
});
