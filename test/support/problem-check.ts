/**
 * The error shape every error answer of the API must have (ADR 0013): RFC 9457 problem details
 * as `application/problem+json` with `type`, `title`, `status`, `code` (and `detail`, `instance`).
 * The tests' HTTP client runs this on every non-2xx answer, so any e2e test that meets an error
 * of another shape fails, whatever it asserts itself.
 */
export function assertProblemDetails(status: number, headers: Headers, text: string, what = 'an error answer'): void {
  const fail = (why: string) => {
    throw new Error(`${what} (HTTP ${status}) is not problem details: ${why}; body: ${text.slice(0, 300)}`);
  };
  const type = headers.get('content-type') ?? '';
  if (!/^application\/problem\+json\s*(;|$)/i.test(type)) fail(`Content-Type is "${type}"`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text);
  } catch {
    return fail('the body is not JSON');
  }
  if (typeof body.code !== 'string' || body.code === '') fail('no code');
  if (body.type !== `urn:cluebus:problem:${body.code}`) fail(`type is ${String(body.type)}`);
  if (typeof body.title !== 'string' || body.title === '') fail('no title');
  if (body.status !== status) fail(`status is ${String(body.status)}`);
  if (typeof body.detail !== 'string') fail('no detail');
  if (typeof body.instance !== 'string' || !body.instance.startsWith('/')) fail(`instance is ${String(body.instance)}`);
  if ('statusCode' in body || 'message' in body) fail('it still has the old statusCode/message members');
}
