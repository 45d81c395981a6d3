import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { CluebusConfig } from '../config/cluebus-config';
import { ApiKeyGuard } from './api-key.guard';
import { keyFingerprint } from './bearer-keys';
import type { Role } from './principal';

const config = {
  departments: ['samr'],
  apiKeys: [
    { key: 'k-samr', instance: 'samr:341300', role: 'department' },
    { key: 'k-inv', instance: 'investigator', role: 'investigator' },
  ],
} as unknown as CluebusConfig;

async function call(authorization: string | undefined, roles?: Role[]) {
  const reflector = { getAllAndOverride: () => roles } as unknown as Reflector;
  const request: Record<string, unknown> = { method: 'GET', url: '/v1/clues/x', headers: authorization === undefined ? {} : { authorization } };
  const context = { switchToHttp: () => ({ getRequest: () => request }), getHandler: () => undefined, getClass: () => undefined } as unknown as ExecutionContext;
  const allowed = await new ApiKeyGuard(config, reflector).canActivate(context);
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
});
