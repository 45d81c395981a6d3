import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { Authenticator } from './authenticator';
import { keyFingerprint } from './bearer-keys';
import { loadJwtSettings, type JwtSettings } from './jwt-settings';

describe('Authenticator', () => {
  let privateKey: KeyLike;
  let jwt: JwtSettings;
  beforeAll(async () => {
    const pair = await generateKeyPair('EdDSA');
    privateKey = pair.privateKey;
    jwt = loadJwtSettings({ CLUEBUS_JWT_ISSUER: 'iss', CLUEBUS_JWT_AUDIENCE: 'aud', CLUEBUS_JWT_PUBLIC_KEYS: JSON.stringify({ keys: [await exportJWK(pair.publicKey)] }) })!;
  });
  const keys = [{ key: 'k-samr', instance: 'samr:341300', role: 'department' as const }];
  const token = (instance: string) =>
    new SignJWT({ cluebus_role: 'department', cluebus_instance: instance }).setProtectedHeader({ alg: 'EdDSA' }).setSubject('clerk').setIssuer('iss').setAudience('aud').setExpirationTime('1m').sign(privateKey);

  it('given JWTs configured, when an API key or a token comes, then each gives its grant', async () => {
    const authenticator = new Authenticator(keys, jwt, ['samr', 'sta']);
    expect(await authenticator.authenticate('Bearer k-samr')).toEqual({ grant: keys[0], fingerprint: keyFingerprint('k-samr') });
    expect(await authenticator.authenticate(`Bearer ${await token('sta:341300')}`)).toMatchObject({ grant: { role: 'department', instance: 'sta:341300' }, subject: 'clerk' });
  });

  it('given a token for a department this process does not host, when authenticated, then 403 naming Authorization', async () => {
    const refused = await new Authenticator(keys, jwt, ['samr']).authenticate(`Bearer ${await token('nhc:341300')}`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ForbiddenException);
    expect((refused as ForbiddenException).getResponse()).toMatchObject({ code: 'FORBIDDEN', field: 'Authorization' });
  });

  it('given JWTs not configured, when a valid token comes, then it is only an unknown API key (401)', async () => {
    await expect(new Authenticator(keys, undefined, ['samr']).authenticate(`Bearer ${await token('samr:341300')}`)).rejects.toThrow(UnauthorizedException);
  });
});
