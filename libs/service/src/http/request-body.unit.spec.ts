import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { type ArgumentsHost, BadRequestException, Logger } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiErrorFilter } from './error.filter';
import { bodyParserRefusal, jsonBodyParser, MAX_BODY_DEPTH, parsedBodyRefusal } from './request-body';

const hostOf = (req: Request, res: Response) => ({ switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) }) as unknown as ArgumentsHost;

/** A body-parser style error (http-errors): a status, a `type`, `expose` for 4xx. */
const parserError = (status: number, type: string, extra: object = {}) => Object.assign(new Error(`parser says ${type}`), { status, statusCode: status, type, expose: status < 500, ...extra });

describe('bodyParserRefusal', () => {
  it.each<[string, number, string, string | undefined]>([
    ['entity.too.large', 413, 'PAYLOAD_TOO_LARGE', undefined],
    ['entity.parse.failed', 400, 'MALFORMED_JSON', undefined],
    ['charset.unsupported', 415, 'UNSUPPORTED_CHARSET', 'Content-Type'],
    ['encoding.unsupported', 415, 'UNSUPPORTED_CONTENT_ENCODING', 'Content-Encoding'],
    ['encoding.invalid-utf8', 400, 'MALFORMED_UTF8', undefined],
    ['request.size.invalid', 400, 'BODY_LENGTH_MISMATCH', 'Content-Length'],
    ['request.aborted', 400, 'REQUEST_ABORTED', undefined],
  ])('given a %s error from the parser, when mapped, then it is %i %s', (type, status, code, field) => {
    const body = bodyParserRefusal(parserError(status, type, { limit: 1024 }));
    expect(body).toEqual({ status, code, detail: expect.any(String), ...(field ? { field } : {}) });
  });

  it('given a too-large error with its limit, when mapped, then the message names the limit', () => {
    expect(bodyParserRefusal(parserError(413, 'entity.too.large', { limit: 1048576 }))?.detail).toBe('the request body is larger than the limit of 1048576 bytes');
  });

  it('given a parse error quoting the body, when mapped, then the message keeps the position but not the body', () => {
    const e = parserError(400, 'entity.parse.failed', { message: 'Unexpected token \'x\', "{"idNumber":x" is not valid JSON at position 12' });
    expect(bodyParserRefusal(e)?.detail).toBe('the request body is not valid JSON (at position 12)');
  });

  it('given an unknown 4xx type, when mapped, then it keeps its status with a generic code', () => {
    expect(bodyParserRefusal(parserError(400, 'something.new'))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(bodyParserRefusal(parserError(413, 'parameters.too.many'))).toMatchObject({ status: 413, code: 'HTTP_413' });
  });

  it.each<[string, unknown]>([
    ['a 5xx of the parser (our bug)', parserError(500, 'stream.not.readable')],
    ['an error without a type', Object.assign(new Error('x'), { status: 400 })],
    ['a 4xx-looking error that http-errors did not make (no expose)', Object.assign(new Error('x'), { status: 413, type: 'entity.too.large' })],
    ['a plain TypeError', new TypeError('boom')],
    ['a string', 'entity.too.large'],
    ['null', null],
  ])('given %s, when mapped, then it is not a body error', (_what, e) => {
    expect(bodyParserRefusal(e)).toBeUndefined();
  });
});

describe('parsedBodyRefusal', () => {
  const refusal = (body: unknown) => parsedBodyRefusal(body)?.getResponse();
  const nested = (levels: number) => JSON.parse('{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1));

  it('given an ordinary registration, including Chinese text and an emoji (a surrogate pair), when checked, then it passes', () => {
    expect(refusal({ summary: '医药代表支付回扣 💊', subjects: [{ kind: 'person', name: '张某' }], amountYuan: 1, reporter: null })).toBeUndefined();
  });

  it.each<[string, unknown, string | undefined]>([
    ['a U+0000 in a nested field', { subjects: [{ name: 'ok' }, { name: 'a\u0000b' }] }, 'subjects[1].name'],
    ['a U+0000 in a key', { ['sum\u0000mary']: 'x' }, 'sum\u0000mary'],
    ['an unpaired high surrogate', { summary: 'x\ud800' }, 'summary'],
    ['an unpaired low surrogate', { basis: '\udc00x' }, 'basis'],
    ['a U+0000 in an array body', ['\u0000'], '[0]'],
  ])('given %s, when checked, then 400 UNSUPPORTED_CHARACTER names %s', (_what, body, field) => {
    expect(refusal(body)).toEqual({ code: 'UNSUPPORTED_CHARACTER', field, message: expect.stringContaining('U+0000') });
  });

  it('given nesting up to the limit, when checked, then it passes; one level more is 400 NESTING_TOO_DEEP', () => {
    expect(refusal(nested(MAX_BODY_DEPTH))).toBeUndefined();
    expect(refusal(nested(MAX_BODY_DEPTH + 1))).toMatchObject({ code: 'NESTING_TOO_DEEP' });
  });

  it('given 100 000 nested arrays (a 200 kB body that overflows validation\'s recursion), when checked, then it is refused without a stack overflow', () => {
    expect(refusal(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toMatchObject({ code: 'NESTING_TOO_DEEP' });
  });
});

describe('ApiErrorFilter on errors raised before validation', () => {
  const filter = new ApiErrorFilter();
  const answer = (e: unknown) => {
    const res = { headersSent: false, status: jest.fn().mockReturnThis(), setHeader: jest.fn().mockReturnThis(), vary: jest.fn().mockReturnThis(), type: jest.fn().mockReturnThis(), json: jest.fn() };
    const req = { headers: { 'accept-language': 'en' }, originalUrl: '/v1/clues?x=1' };
    filter.catch(e, hostOf(req as unknown as Request, res as unknown as Response));
    expect(res.type).toHaveBeenCalledWith('application/problem+json');
    return { status: res.status.mock.calls[0][0], body: res.json.mock.calls[0][0] };
  };
  const problem = (status: number, code: string, title: string, detail: string) => ({ type: `urn:cluebus:problem:${code}`, title, status, detail, instance: '/v1/clues', code });

  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('given a raw PayloadTooLargeError, when caught, then 413 PAYLOAD_TOO_LARGE, not 500 INTERNAL', () => {
    expect(answer(parserError(413, 'entity.too.large', { limit: 100 }))).toEqual({
      status: 413,
      body: problem(413, 'PAYLOAD_TOO_LARGE', 'Payload too large', 'the request body is larger than the limit of 100 bytes'),
    });
  });

  it('given a raw unsupported-charset error, when caught, then 415 UNSUPPORTED_CHARSET naming Content-Type', () => {
    expect(answer(parserError(415, 'charset.unsupported'))).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_CHARSET', field: 'Content-Type' } });
  });

  it('given a parser 5xx or an unexpected error, when caught, then still 500 INTERNAL without internals', () => {
    expect(answer(parserError(500, 'stream.not.readable'))).toEqual({ status: 500, body: problem(500, 'INTERNAL', 'Internal error', 'internal error') });
    expect(answer(new TypeError('x is undefined'))).toEqual({ status: 500, body: problem(500, 'INTERNAL', 'Internal error', 'internal error') });
  });

  it('given the bare 400 Nest makes of a SyntaxError elsewhere, when caught, then BAD_REQUEST (jsonBodyParser avoids this path)', () => {
    expect(answer(new BadRequestException('Unexpected end of JSON input'))).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
  });
});

/**
 * The real parser on a real socket, its errors answered by the real filter: what the body
 * limit, content type and encoding checks send back, and that the handler never runs.
 */
describe('jsonBodyParser', () => {
  let server: Server;
  let url: string;
  let handled = 0;

  beforeAll(async () => {
    const app = express();
    app.use(jsonBodyParser(1024));
    app.post('/', (req, res) => {
      handled++;
      res.json({ body: req.body ?? null });
    });
    app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => new ApiErrorFilter().catch(err, hostOf(req, res)));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const post = async (body: string | Buffer | undefined, headers: Record<string, string>) => {
    const res = await fetch(url, { method: 'POST', headers, body });
    return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
  };

  it('given a JSON body within the limit, when posted, then the handler gets it parsed', async () => {
    const before = handled;
    expect(await post('{"summary":"回扣"}', { 'content-type': 'application/json; charset=UTF-8' })).toMatchObject({ status: 200, body: { body: { summary: '回扣' } } });
    expect(handled).toBe(before + 1);
  });

  it('given no body and no content type (POST …/acknowledge), when posted, then the handler runs', async () => {
    expect((await post(undefined, {})).status).toBe(200);
  });

  it('given a gzip JSON body, when posted, then it is inflated and parsed', async () => {
    expect(await post(gzipSync('{"a":1}'), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).toMatchObject({ status: 200, body: { body: { a: 1 } } });
  });

  it.each<[string, number, string, string | Buffer, Record<string, string>, string | undefined]>([
    ['a body over the limit', 413, 'PAYLOAD_TOO_LARGE', JSON.stringify({ s: 'x'.repeat(2000) }), { 'content-type': 'application/json' }, undefined],
    ['a gzip body inflating over the limit', 413, 'PAYLOAD_TOO_LARGE', gzipSync(JSON.stringify({ s: 'x'.repeat(5000) })), { 'content-type': 'application/json', 'content-encoding': 'gzip' }, undefined],
    ['malformed JSON', 400, 'MALFORMED_JSON', '{"source":', { 'content-type': 'application/json' }, undefined],
    ['a bare JSON string (not an object)', 400, 'MALFORMED_JSON', '"hello"', { 'content-type': 'application/json' }, undefined],
    ['text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE', '{"summary":"x"}', { 'content-type': 'text/plain' }, 'Content-Type'],
    ['a form body', 415, 'UNSUPPORTED_MEDIA_TYPE', 'summary=x', { 'content-type': 'application/x-www-form-urlencoded' }, 'Content-Type'],
    ['no content type at all', 415, 'UNSUPPORTED_MEDIA_TYPE', Buffer.from('{"summary":"x"}'), {}, 'Content-Type'],
    ['charset utf-16', 415, 'UNSUPPORTED_CHARSET', Buffer.from('{"a":1}', 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' }, 'Content-Type'],
    ['charset latin-1', 415, 'UNSUPPORTED_CHARSET', '{"a":1}', { 'content-type': 'application/json; charset=iso-8859-1' }, 'Content-Type'],
    ['invalid UTF-8 bytes', 400, 'MALFORMED_UTF8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), { 'content-type': 'application/json' }, undefined],
    ['a U+0000 in a field', 400, 'UNSUPPORTED_CHARACTER', '{"summary":"a\\u0000b"}', { 'content-type': 'application/json' }, 'summary'],
    ['deeply nested arrays', 400, 'NESTING_TOO_DEEP', `{"subjects":${'['.repeat(300)}${']'.repeat(300)}}`, { 'content-type': 'application/json' }, undefined],
    ['an unknown content encoding', 415, 'UNSUPPORTED_CONTENT_ENCODING', '{"a":1}', { 'content-type': 'application/json', 'content-encoding': 'compress' }, 'Content-Encoding'],
  ])('given %s, when posted, then %i %s and the handler never runs', async (_what, status, code, body, headers, field) => {
    const before = handled;
    const res = await post(body, headers);
    expect(res).toEqual({
      status,
      type: 'application/problem+json; charset=utf-8',
      body: { type: `urn:cluebus:problem:${code}`, title: expect.any(String), status, detail: expect.any(String), instance: '/', code, ...(field ? { field } : {}) },
    });
    expect(handled).toBe(before);
  });
});
