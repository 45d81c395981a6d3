import { ApiClient } from '../support/api-client';
import { startStandalone, type RunningApp } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';

/**
 * Errors over real HTTP are RFC 9457 problem details (ADR 0013): zh-CN titles by default,
 * English for Accept-Language en (q-values honoured), the same type, code and field in both;
 * 406 for a representation the route cannot give. The API client checks the shape of every
 * error answer of the suite (test/support/problem-check.ts); this file checks the words.
 */
describe('problem details over HTTP', () => {
  let running: RunningApp;
  let nhc: ApiClient;
  let clueId: string;

  beforeAll(async () => {
    running = await startStandalone('pglite');
    nhc = new ApiClient(running.baseUrl, 'dev-nhc');
    clueId = (await nhc.post('/v1/clues', kickbackClue(), { 'idempotency-key': `problems-${Date.now()}` })).body.clueId;
  }, 60_000);

  afterAll(() => running?.close());

  const transferToSelf = (headers: Record<string, string> = {}) => nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['nhc'], basis: BASIS }, headers);

  it('given no Accept-Language, when a transfer to itself is refused, then the title and detail are zh-CN', async () => {
    const res = await transferToSelf();
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.headers.get('content-language')).toBe('zh-CN');
    expect(res.headers.get('vary')).toMatch(/Accept-Language/i);
    expect(res.body).toEqual({
      type: 'urn:cluebus:problem:RECIPIENT_IS_SENDER',
      title: '接收部门不能是移交部门本身',
      status: 422,
      detail: '接收部门不能是移交部门本身（字段：to）',
      instance: `/v1/clues/${clueId}/transfers`,
      code: 'RECIPIENT_IS_SENDER',
      field: 'to',
    });
  });

  it('given Accept-Language en, when the same refusal comes, then the title is English, the detail is the domain\'s message, and type, code, field are the same', async () => {
    const [zh, en] = [await transferToSelf(), await transferToSelf({ 'accept-language': 'en-US,en;q=0.9' })];
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.body).toMatchObject({ title: 'The recipient is the sender', detail: expect.stringMatching(/^[\x20-\x7e]+$/) });
    expect(en.body.detail).not.toBe(zh.body.detail);
    const fixed = ({ type, code, field, status, instance }: Record<string, unknown>) => ({ type, code, field, status, instance });
    expect(fixed(en.body)).toEqual(fixed(zh.body));
  });

  it.each<[string, string, RegExp]>([
    ['a browser preferring Chinese, English second', 'zh-CN,zh;q=0.9,en;q=0.8', /[\u4e00-\u9fff]/],
    ['French first, English second', 'fr-FR, en;q=0.5', /^[\x20-\x7e]+$/],
    ['English refused by q=0', 'en;q=0', /[\u4e00-\u9fff]/],
  ])('given %s (%s), when refused, then the title is in the chosen language', async (_what, header, title) => {
    expect((await transferToSelf({ 'accept-language': header })).body.title).toMatch(title);
  });

  it('given a validation failure in English, when refused, then the problem lists every field with its message', async () => {
    const res = await nhc.post('/v1/clues', kickbackClue({ summary: undefined, category: 'jaywalking' }), { 'accept-language': 'en' });
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', title: 'Validation failed', field: expect.any(String) });
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['category', 'summary']);
    expect(res.body.errors).toContainEqual({ field: 'summary', message: expect.stringContaining('summary') });
  });

  it('given a route that does not exist, when called, then 404 problem details', async () => {
    expect((await nhc.get('/v1/nowhere')).body).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: '/v1/nowhere' });
  });

  it.each<[string, string, string]>([
    ['Accept: text/html on a JSON endpoint', '/v1/stats', 'text/html'],
    ['Accept: text/csv on the inbox', '/v1/inbox', 'text/csv'],
    ['the csv export asked for with Accept: application/json only', '/v1/ledger?format=csv', 'application/json'],
    ['JSON refused with q=0', '/v1/inbox', 'application/json;q=0, text/html'],
  ])('given %s, when sent, then 406 NOT_ACCEPTABLE naming Accept and nothing runs', async (_what, path, accept) => {
    const before = await running.store.headPosition();
    const res = await nhc.get(path, { accept });
    expect(res.body).toMatchObject({ status: 406, code: 'NOT_ACCEPTABLE', field: 'Accept', title: '无法提供所请求的表示形式' });
    const post = await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr'], basis: BASIS }, { accept: 'text/html', 'idempotency-key': `406-${Date.now()}` });
    expect(post.status).toBe(406);
    expect(await running.store.headPosition()).toBe(before);
  });

  it.each<[string, string, string, string]>([
    ['a browser\'s Accept on a JSON endpoint', '/v1/inbox', 'text/html,application/xhtml+xml,*/*;q=0.8', 'application/json'],
    ['Accept: text/csv on the csv export', '/v1/ledger?format=csv', 'text/csv', 'text/csv'],
    ['a browser on the OpenAPI page', '/docs', 'text/html', 'text/html'],
    ['Accept: text/plain on /metrics', '/metrics', 'text/plain', 'text/plain'],
  ])('given %s, when sent, then it is answered', async (_what, path, accept, type) => {
    const res = await fetch(`${running.baseUrl}${path}`, { headers: { authorization: 'Bearer dev-nhc', accept } });
    expect({ status: res.status, type: res.headers.get('content-type')?.split(';')[0] }).toEqual({ status: 200, type });
  });
});
