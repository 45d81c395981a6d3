import { assertProblemDetails } from './problem-check';

const problemJson = new Headers({ 'content-type': 'application/problem+json; charset=utf-8' });
const valid = { type: 'urn:cluebus:problem:NOT_FOUND', title: '资源不存在', status: 404, detail: 'x', instance: '/v1/x', code: 'NOT_FOUND' };

describe('assertProblemDetails (the e2e suite\'s check of every error answer)', () => {
  it('given problem details, when checked, then it passes', () => {
    expect(() => assertProblemDetails(404, problemJson, JSON.stringify(valid))).not.toThrow();
  });

  it.each<[string, Headers, unknown, RegExp]>([
    ['plain application/json', new Headers({ 'content-type': 'application/json' }), valid, /Content-Type/],
    ['the old shape', problemJson, { statusCode: 404, code: 'NOT_FOUND', message: 'x' }, /type is/],
    ['old members left next to the new', problemJson, { ...valid, message: 'x' }, /old statusCode\/message/],
    ['a status other than the answer\'s', problemJson, { ...valid, status: 400 }, /status is 400/],
    ['a type that does not name the code', problemJson, { ...valid, type: 'about:blank' }, /type is about:blank/],
    ['no title', problemJson, { ...valid, title: '' }, /no title/],
    ['no body', problemJson, undefined, /not JSON/],
  ])('given %s, when checked, then it fails saying why', (_what, headers, body, why) => {
    expect(() => assertProblemDetails(404, headers, body === undefined ? '' : JSON.stringify(body))).toThrow(why);
  });
});
