import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { operationsOf } from '../support/openapi-contract';
import { startStandalone, type RunningApp } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';
import { QUERY_CELLS, READER_POSTS, ROLE_MATRIX, type Column } from './role-matrix';

const ISSUER = 'https://sso.role-matrix.test';
const AUDIENCE = 'cluebus-role-matrix';

/** A path parameter that passes its own validation but names nothing that exists. */
function paramValue(name: string): string {
  if (name === 'size') return '1';
  if (name === 'version') return '1';
  if (name === 'type') return 'ClueRegistered';
  if (name === 'token') return 'a'.repeat(64);
  return randomUUID();
}

interface Caller {
  name: string;
  /** The matrix column whose cells it must meet, or the fixed outcome of a missing/wrong credential. */
  column: Column | 'unauthenticated';
  authorization?: string;
}

describe('the role × endpoint matrix (every operation of /docs-json, every role, no key, a wrong key)', () => {
  let running: RunningApp;
  let served: Record<string, any>;
  let callers: Caller[];
  let signingKey: KeyLike;
  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    signingKey = privateKey;
    running = await startStandalone('pglite', {
      CLUEBUS_JWT_ISSUER: ISSUER,
      CLUEBUS_JWT_AUDIENCE: AUDIENCE,
      CLUEBUS_JWT_PUBLIC_KEYS: JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'matrix' }] }),
    });
    served = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as Record<string, any>;
    callers = [
      { name: 'nhc clerk (lead unit)', column: 'lead', authorization: 'Bearer dev-nhc' },
      { name: 'samr clerk', column: 'clerk', authorization: 'Bearer dev-samr' },
      { name: 'ccdi clerk by JWT', column: 'clerk', authorization: `Bearer ${await jwt(privateKey, { cluebus_role: 'department', cluebus_instance: 'ccdi:341300' })}` },
      { name: 'investigator', column: 'investigator', authorization: 'Bearer dev-investigator' },
      { name: 'investigator by JWT', column: 'investigator', authorization: `Bearer ${await jwt(privateKey, { cluebus_role: 'investigator' })}` },
      { name: 'auditor', column: 'auditor', authorization: 'Bearer dev-auditor' },
      { name: 'no key', column: 'unauthenticated' },
      { name: 'wrong key', column: 'unauthenticated', authorization: 'Bearer not-a-configured-key' },
    ];
  }, 60_000);
  afterAll(() => running?.close());

  const jwt = (key: KeyLike, claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'matrix' }).setSubject('matrix-clerk').setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('10m').sign(key);

  it('given the served document and the matrix, then every operation has an entry and every entry an operation', () => {
    const operationIds = operationsOf(served).map((o) => o.operation.operationId as string);
    expect({ withoutEntry: operationIds.filter((id) => !(id in ROLE_MATRIX)), withoutRoute: Object.keys(ROLE_MATRIX).filter((id) => !operationIds.includes(id)) }).toEqual({
      withoutEntry: [],
      withoutRoute: [],
    });
  });

  it('given the matrix, then no reader role (investigator, auditor) may call a non-GET operation but the named read-only ones', () => {
    const readerWrites = operationsOf(served)
      .filter(({ method, operation }) => method !== 'get' && !(operation.operationId in READER_POSTS))
      .filter(({ operation }) => {
        const entry = ROLE_MATRIX[operation.operationId];
        return entry === 'public' || entry?.investigator === 'allow' || entry?.auditor === 'allow';
      })
      .map(({ operation }) => operation.operationId);
    expect(readerWrites).toEqual([]);
  });

  it('given each operation called by each principal with a syntactically valid request, then each cell is allowed or denied as the matrix says', async () => {
    const cells: string[] = [];
    const wrong: string[] = [];
    for (const { method, path, operation } of operationsOf(served)) {
      const entry = ROLE_MATRIX[operation.operationId];
      if (entry === undefined) continue; // reported by the test above
      const url = running.baseUrl + path.replace(/\{(\w+)\}/g, (_: string, name: string) => paramValue(name));
      for (const caller of callers) {
        const status = await statusOf(method, url, caller.authorization);
        const expected = entry === 'public' ? 'allow' : caller.column === 'unauthenticated' ? 'unauthenticated' : entry[caller.column];
        const got = status === 401 ? 'unauthenticated' : status === 403 ? 'deny' : 'allow';
        cells.push(`${operation.operationId} × ${caller.name}`);
        if (got !== expected) wrong.push(`${operation.operationId} (${method.toUpperCase()} ${path}) × ${caller.name}: expected ${expected}, got ${status}`);
      }
    }
    for (const { operationId, query, cells: expectedCells } of QUERY_CELLS) {
      const { method, path } = operationsOf(served).find((o) => o.operation.operationId === operationId)!;
      for (const caller of callers) {
        const status = await statusOf(method, `${running.baseUrl}${path}?${query}`, caller.authorization);
        const expected = caller.column === 'unauthenticated' ? 'unauthenticated' : expectedCells[caller.column];
        const got = status === 401 ? 'unauthenticated' : status === 403 ? 'deny' : 'allow';
        cells.push(`${operationId}?${query} × ${caller.name}`);
        if (got !== expected) wrong.push(`${operationId}?${query} × ${caller.name}: expected ${expected}, got ${status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(cells.length).toBe((Object.keys(ROLE_MATRIX).length + QUERY_CELLS.length) * callers.length);
  }, 120_000);

  it('given a clerk JWT, when it reads its inbox, then 200; altered, expired or for another audience, then 401 problem+json naming Authorization', async () => {
    const ccdi = callers.find((c) => c.name === 'ccdi clerk by JWT')!.authorization!;
    const claims = { cluebus_role: 'department', cluebus_instance: 'ccdi:341300' };
    const expired = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setSubject('x').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(Math.floor(Date.now() / 1000) - 600).sign(signingKey);
    const elsewhere = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setSubject('x').setIssuer(ISSUER).setAudience('another-system').setExpirationTime('5m').sign(signingKey);
    for (const [what, authorization, message] of [
      ['altered signature', `${ccdi.slice(0, -4)}AAAA`, /signature/],
      ['expired', `Bearer ${expired}`, /expired/],
      ['wrong audience', `Bearer ${elsewhere}`, /aud/],
    ] as const) {
      const denied = await fetch(`${running.baseUrl}/v1/inbox`, { headers: { authorization, 'accept-language': 'en' } });
      expect([what, denied.status, denied.headers.get('content-type')]).toEqual([what, 401, expect.stringContaining('application/problem+json')]);
      expect([what, await denied.json()]).toEqual([what, expect.objectContaining({ code: 'UNAUTHENTICATED', field: 'Authorization', detail: expect.stringMatching(message) })]);
    }
    const inbox = await fetch(`${running.baseUrl}/v1/inbox`, { headers: { authorization: ccdi } });
    expect(inbox.status).toBe(200);
  });

  it('given a clerk JWT without X-Actor, when it registers and transfers a clue, then 201 and the history names the token subject as actor and ccdi as department', async () => {
    const ccdi = callers.find((c) => c.name === 'ccdi clerk by JWT')!.authorization!;
    const headers = { authorization: ccdi, 'content-type': 'application/json', 'idempotency-key': randomUUID() };
    const registered = await fetch(`${running.baseUrl}/v1/clues`, { method: 'POST', headers, body: JSON.stringify(kickbackClue()) });
    expect(registered.status).toBe(201);
    const { clueId } = (await registered.json()) as { clueId: string };
    const transferred = await fetch(`${running.baseUrl}/v1/clues/${clueId}/transfers`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ to: ['samr'], basis: BASIS }),
    });
    expect(transferred.status).toBe(201);
    const history = (await (await fetch(`${running.baseUrl}/v1/clues/${clueId}/history`, { headers: { authorization: ccdi } })).json()) as { events: any[] };
    expect(history.events.map((e) => [e.type, e.metadata.actor, e.metadata.department])).toEqual([
      ['ClueRegistered', 'matrix-clerk', 'ccdi:341300'],
      ['ClueTransferred', 'matrix-clerk', 'ccdi:341300'],
    ]);
  });
});

/** The status of one call; an event stream is closed as soon as its headers arrive. */
async function statusOf(method: string, url: string, authorization: string | undefined): Promise<number> {
  const abort = new AbortController();
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': randomUUID() };
  if (authorization) headers.authorization = authorization;
  const response = await fetch(url, { method: method.toUpperCase(), headers, body: method === 'get' ? undefined : '{}', signal: abort.signal });
  const status = response.status;
  if (response.headers.get('content-type')?.includes('text/event-stream')) abort.abort();
  else await response.arrayBuffer();
  return status;
}
