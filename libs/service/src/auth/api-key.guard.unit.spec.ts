import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { CluebusConfig } from '../config/cluebus-config';
import { ApiKeyGuard } from './api-key.guard';
import { keyFingerprint } from './bearer-keys';
import type { Role } from './principal';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { loadJwtSettings } from './jwt-settings';

const config = {
  departments: ['samr'],
  apiKeys: [
    { key: 'k-samr', instance: 'samr:341300', role: 'department' },
    { key: 'k-inv', instance: 'investigator', role: 'investigator' },
  ],
} as unknown as CluebusConfig;

async function call(authorization: string | undefined, roles?: Role[], extra: { config?: CluebusConfig; headers?: Record<string, string> } = {}) {
  const reflector = { getAllAndOverride: () => roles } as unknown as Reflector;
  const request: Record<string, unknown> = { method: 'GET', url: '/v1/clues/x', headers: { ...(authorization === undefined ? {} : { authorization }), ...extra.headers } };
  const context = { switchToHttp: () => ({ getRequest: () => request }), getHandler: () => undefined, getClass: () => undefined } as unknown as ExecutionContext;
  const allowed = await new ApiKeyGuard(extra.config ?? config, reflector).canActivate(context);
  return { allowed, principal: request.principal };
}

describe('ApiKeyGuard', () => {
  it('given a department key on a department route, when called, then the principal is its instance with the key fingerprint', async () => {
    expect(await call('Bearer k-samr')).toEqual({
      allowed: true,
      principal: { role: 'department', instance: 'samr:341300', code: 'samr', actor: 'samr:341300', keyFingerprint: keyFingerprint('k-samr') },
    });
  });

  it('given an investigator key, when it calls a route open to investigators, then it passes; elsewhere it is forbidden', async () => {
    expect((await call('Bearer k-inv', ['investigator'])).principal).toMatchObject({ role: 'investigator', instance: 'investigator' });
    await expect(call('Bearer k-inv')).rejects.toThrow(ForbiddenException);
  });

  it('given no key or an unknown key, when called, then 401 UNAUTHENTICATED names Authorization', async () => {
    for (const header of [undefined, 'Bearer nope']) {
      try {
        await call(header);
        throw new Error('expected 401');
      } catch (error) {
        expect(error).toBeInstanceOf(UnauthorizedException);
        expect((error as UnauthorizedException).getResponse()).toMatchObject({ code: 'UNAUTHENTICATED', field: 'Authorization' });
      }
    }
  });

  it('given a JWT, when it calls, then its sub is the actor unless X-Actor names one; a sub unfit as an actor is 401 naming Authorization', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwt = loadJwtSettings({ CLUEBUS_JWT_ISSUER: 'iss', CLUEBUS_JWT_AUDIENCE: 'aud', CLUEBUS_JWT_PUBLIC_KEYS: JSON.stringify({ keys: [await exportJWK(publicKey)] }) });
    const withJwt = { ...config, jwt } as CluebusConfig;
    const token = (sub: string) =>
      new SignJWT({ cluebus_role: 'department', cluebus_instance: 'samr:341300' }).setProtectedHeader({ alg: 'ES256' }).setSubject(sub).setIssuer('iss').setAudience('aud').setExpirationTime('1m').sign(privateKey);
    expect((await call(`Bearer ${await token('王科员')}`, undefined, { config: withJwt })).principal).toMatchObject({ role: 'department', instance: 'samr:341300', actor: '王科员' });
    expect((await call(`Bearer ${await token('王科员')}`, undefined, { config: withJwt, headers: { 'x-actor': 'clerk-2' } })).principal).toMatchObject({ actor: 'clerk-2' });
    const refused = await call(`Bearer ${await token('a<script>')}`, undefined, { config: withJwt }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UnauthorizedException);
    expect((refused as UnauthorizedException).getResponse()).toMatchObject({ code: 'UNAUTHENTICATED', field: 'Authorization' });
  });
});
