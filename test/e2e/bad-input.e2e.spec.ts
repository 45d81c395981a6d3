import { ApiClient, type ApiResponse } from '../support/api-client';
import { assertProblemDetails } from '../support/problem-check';
import { startStandalone, type RunningApp, type StoreKind } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';

/**
 * Bad input gets a 4xx with a machine-readable code naming the field, and the store holds
 * nothing new: the global log head is read before and after every request. That includes what
 * fails before validation — a body over CLUEBUS_BODY_LIMIT (1mb), not JSON, not UTF-8, of
 * another media type — and headers over Node's limit.
 */
describe.each<StoreKind>(['pglite', 'postgres'])('bad input on %s', (kind) => {
  let running: RunningApp;
  let nhc: ApiClient;
  let clueId: string;
  let transferId: string;

  beforeAll(async () => {
    running = await startStandalone(kind);
    nhc = new ApiClient(running.baseUrl, 'dev-nhc');
    clueId = (await nhc.post('/v1/clues', kickbackClue())).body.clueId;
    transferId = (await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr'], basis: BASIS })).body.transferId;
    await nhc.as('dev-samr').post(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`);
    await nhc.as('dev-samr').post(`/v1/clues/${clueId}/investigation`, { basis: 'x' });
  }, 60_000);

  afterAll(() => running?.close());

  /** A request with a raw body (bytes as sent: the API client only sends strings and JSON). */
  const raw = async (path: string, body: string | Buffer, headers: Record<string, string>, key = 'dev-nhc'): Promise<ApiResponse> => {
    const res = await fetch(`${running.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, ...headers }, body });
    const text = await res.text();
    if (!res.ok) assertProblemDetails(res.status, res.headers, text, `POST ${path}`);
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const json = { 'content-type': 'application/json' };
  // 3 bytes a character in UTF-8: a 3 MB body, three times the default limit.
  const threeMegabytes = () => JSON.stringify(kickbackClue({ summary: '回'.repeat(1024 * 1024) }));
  // A valid registration but for two bytes that are not UTF-8 (0xC3 0x28) in its summary.
  const invalidUtf8 = () =>
    Buffer.concat([
      Buffer.from('{"source":"report","category":"kickback","summary":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","subjects":[{"kind":"enterprise","name":"某公司","uscc":"91330100716105852F"}]}'),
    ]);

  const subject = (over: object) => ({ subjects: [{ kind: 'enterprise', name: '某公司', uscc: '91330100716105852F', ...over }] });

  const cases: Array<[string, () => Promise<ApiResponse>, number, string, string]> = [
    ['missing summary', () => nhc.post('/v1/clues', kickbackClue({ summary: undefined })), 400, 'VALIDATION_FAILED', 'summary'],
    ['missing subjects', () => nhc.post('/v1/clues', kickbackClue({ subjects: undefined })), 400, 'VALIDATION_FAILED', 'subjects'],
    ['unknown category', () => nhc.post('/v1/clues', kickbackClue({ category: 'jaywalking' })), 400, 'VALIDATION_FAILED', 'category'],
    ['invalid USCC check character', () => nhc.post('/v1/clues', kickbackClue(subject({ uscc: '91330100716105852G' }))), 400, 'VALIDATION_FAILED', 'subjects[0].uscc'],
    ['invalid ID check digit', () => nhc.post('/v1/clues', kickbackClue(subject({ kind: 'person', uscc: undefined, idNumber: '110105194912310021' }))), 400, 'VALIDATION_FAILED', 'subjects[0].idNumber'],
    ['unknown property', () => nhc.post('/v1/clues', kickbackClue({ priority: 'high' })), 400, 'VALIDATION_FAILED', 'priority'],
    ['malformed JSON', () => nhc.request('POST', '/v1/clues', '{"source":', { 'content-type': 'application/json' }), 400, 'MALFORMED_JSON', ''],
    ['a bare JSON value, not an object', () => nhc.request('POST', '/v1/clues', '"kickback"', json), 400, 'MALFORMED_JSON', ''],
    ['a 3 MB body', () => nhc.request('POST', '/v1/clues', threeMegabytes(), json), 413, 'PAYLOAD_TOO_LARGE', ''],
    ['a 3 MB body without an API key', () => nhc.as('').request('POST', `/v1/clues/${clueId}/transfers`, threeMegabytes(), json), 413, 'PAYLOAD_TOO_LARGE', ''],
    // Over Nest's old implicit 100 kB, under the limit: read, then refused by validation.
    ['a 600 kB summary', () => nhc.post('/v1/clues', kickbackClue({ summary: '回'.repeat(200 * 1024) })), 400, 'VALIDATION_FAILED', 'summary'],
    ['a valid clue sent as text/plain', () => nhc.request('POST', '/v1/clues', JSON.stringify(kickbackClue()), { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type'],
    ['a form-encoded body', () => nhc.request('POST', `/v1/clues/${clueId}/transfers`, 'to=samr&basis=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type'],
    ['a body without a content type', () => raw('/v1/clues', Buffer.from(JSON.stringify(kickbackClue())), {}), 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type'],
    ['a body in GB18030', () => raw('/v1/clues', Buffer.from(JSON.stringify(kickbackClue())), { 'content-type': 'application/json; charset=gb18030' }), 415, 'UNSUPPORTED_CHARSET', 'Content-Type'],
    ['a body with invalid UTF-8', () => raw('/v1/clues', invalidUtf8(), json), 400, 'MALFORMED_UTF8', ''],
    // Valid for the DTO, but PostgreSQL cannot store U+0000: refused at the edge, not a 500 at the append.
    ['a U+0000 in the summary', () => nhc.post('/v1/clues', kickbackClue({ summary: '回扣\u0000' })), 400, 'UNSUPPORTED_CHARACTER', 'summary'],
    ['a U+0000 in a rejection reason', () => nhc.as('dev-samr').post(`/v1/clues/${clueId}/transfers/${transferId}/reject`, { reason: '\u0000' }), 400, 'UNSUPPORTED_CHARACTER', 'reason'],
    // 200 kB of nested arrays overflowed class-transformer's recursion (RangeError: a 500).
    ['100 000 nested arrays', () => nhc.request('POST', '/v1/clues', `{"subjects":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, json), 400, 'NESTING_TOO_DEEP', ''],
    ['unknown department', () => nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['police'], basis: BASIS }), 400, 'VALIDATION_FAILED', 'to'],
    ['unknown region', () => nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr:999999'], basis: BASIS }), 400, 'VALIDATION_FAILED', 'to'],
    ['transfer to itself', () => nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['nhc'], basis: BASIS }), 422, 'RECIPIENT_IS_SENDER', 'to'],
    ['deadline in the past', () => nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['sta'], basis: BASIS, acknowledgeBy: '2020-01-01T00:00:00Z' }), 422, 'ACKNOWLEDGE_DEADLINE_NOT_IN_FUTURE', 'acknowledgeBy'],
    ['feedback before finding', () => nhc.as('dev-samr').post(`/v1/clues/${clueId}/feedback`, { summary: '提前反馈' }), 409, 'FEEDBACK_REQUIRES_FINDING', 'id'],
    ['reject without reason', () => nhc.as('dev-samr').post(`/v1/clues/${clueId}/transfers/${transferId}/reject`, {}), 400, 'VALIDATION_FAILED', 'reason'],
    ['no API key', () => nhc.as('').get(`/v1/clues/${clueId}`), 401, 'UNAUTHENTICATED', 'Authorization'],
    ['wrong API key', () => nhc.as('dev-nobody').post('/v1/clues', kickbackClue()), 401, 'UNAUTHENTICATED', 'Authorization'],
    ["another department's clue", () => nhc.as('dev-mps').get(`/v1/clues/${clueId}`), 404, 'CLUE_NOT_FOUND', 'id'],
    ["acting on another department's clue", () => nhc.as('dev-ccdi').post(`/v1/clues/${clueId}/investigation`, { basis: 'x' }), 404, 'CLUE_NOT_FOUND', 'id'],
    ['not a UUID', () => nhc.get('/v1/clues/not-a-uuid'), 400, 'VALIDATION_FAILED', 'id'],
    ['unknown clue', () => nhc.post('/v1/clues/01900000-0000-7000-8000-000000000000/transfers', { to: ['samr'], basis: BASIS }), 404, 'CLUE_NOT_FOUND', 'id'],
    ['bad Idempotency-Key', () => nhc.post('/v1/clues', kickbackClue(), { 'idempotency-key': ' ' }), 400, 'VALIDATION_FAILED', 'Idempotency-Key'],
    ['bad asOf', () => nhc.get(`/v1/clues/${clueId}?asOf=yesterday`), 400, 'VALIDATION_FAILED', 'asOf'],
  ];

  it.each(cases)('given %s, when sent, then a 4xx names the field and nothing is stored', async (_name, send, status, code, field) => {
    const before = await running.store.headPosition();
    const res = await send();
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    if (field) expect(res.body.field).toBe(field);
    expect(res.body).toMatchObject({ type: `urn:cluebus:problem:${code}`, status, title: expect.any(String), detail: expect.any(String) });
    expect(await running.store.headPosition()).toBe(before);
  });

  it('given a request header over Node\'s 16 KiB maxHeaderSize, when sent, then Node answers 431 before any of our code and nothing is stored', async () => {
    const before = await running.store.headPosition();
    // Node's own answer (no JSON body): raise the limit with NODE_OPTIONS=--max-http-header-size.
    const status = await fetch(`${running.baseUrl}/v1/clues`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-nhc', 'content-type': 'application/json', 'x-padding': 'x'.repeat(20 * 1024) },
      body: JSON.stringify(kickbackClue()),
    }).then(
      (res) => res.status,
      (error: Error) => `${error.message} ${String((error.cause as Error | undefined)?.message)}`,
    );
    expect(status).toBe(431);
    expect(await running.store.headPosition()).toBe(before);
  });

  it('given the same Idempotency-Key twice, when registering, then the repeat returns the first result and stores nothing new', async () => {
    const key = `register-${Date.now()}`;
    const first = await nhc.post('/v1/clues', kickbackClue(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const before = await running.store.headPosition();
    const repeat = await nhc.post('/v1/clues', kickbackClue(), { 'idempotency-key': key });
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual({ ...first.body, replayed: true });
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(await running.store.headPosition()).toBe(before);

    const reused = await nhc.post('/v1/clues', kickbackClue({ summary: '另一条线索' }), { 'idempotency-key': key });
    expect({ status: reused.status, code: reused.body.code, field: reused.body.field }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    expect(await running.store.headPosition()).toBe(before);
  });

  it('given ten identical requests racing with one Idempotency-Key, when sent at once, then exactly one clue is stored', async () => {
    const key = `race-${Date.now()}`;
    const before = await running.store.headPosition();
    const results = await Promise.all(Array.from({ length: 10 }, () => nhc.post('/v1/clues', kickbackClue(), { 'idempotency-key': key })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(results.map((r) => r.body.clueId)).size).toBe(1);
    expect(await running.store.headPosition()).toBe(before + 1);
  });

  it('given two conflicting transitions on one clue, when sent concurrently, then exactly one wins and the other gets 409', async () => {
    for (let round = 0; round < 10; round++) {
      const id = (await nhc.post('/v1/clues', kickbackClue())).body.clueId;
      const tid = (await nhc.post(`/v1/clues/${id}/transfers`, { to: ['samr'], basis: BASIS })).body.transferId;
      const samr = nhc.as('dev-samr');
      const before = await running.store.headPosition();
      const [ack, reject] = await Promise.all([
        samr.post(`/v1/clues/${id}/transfers/${tid}/acknowledge`),
        samr.post(`/v1/clues/${id}/transfers/${tid}/reject`, { reason: '不属本部门管辖' }),
      ]);
      const statuses = [ack.status, reject.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = ack.status === 409 ? ack : reject;
      expect(['CONCURRENCY_CONFLICT', 'TRANSFER_ALREADY_ANSWERED']).toContain(loser.body.code);
      expect(await running.store.headPosition()).toBe(before + 1);
    }
  });
});
