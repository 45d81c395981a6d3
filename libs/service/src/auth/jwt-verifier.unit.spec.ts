import { UnauthorizedException } from '@nestjs/common';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { ConfigError } from '../config/config-error';
import { JwtVerifier, looksLikeJwt } from './jwt-verifier';
import { loadJwtSettings, type JwtSettings } from './jwt-settings';

const ISSUER = 'https://sso.province.example';
const AUDIENCE = 'cluebus';

describe('JwtVerifier', () => {
  let signer: KeyLike;
  let stranger: KeyLike;
  let settings: JwtSettings;
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    signer = pair.privateKey;
    stranger = (await generateKeyPair('ES256')).privateKey;
    settings = loadJwtSettings({ CLUEBUS_JWT_ISSUER: ISSUER, CLUEBUS_JWT_AUDIENCE: AUDIENCE, CLUEBUS_JWT_PUBLIC_KEYS: JSON.stringify({ keys: [await exportJWK(pair.publicKey)] }) })!;
  });

  const token = (claims: Record<string, unknown> = {}, options: { key?: KeyLike | Uint8Array; alg?: string; exp?: string | number; iss?: string; aud?: string } = {}) =>
    new SignJWT({ cluebus_role: 'department', cluebus_instance: 'samr:341300', ...claims })
      .setProtectedHeader({ alg: options.alg ?? 'ES256' })
      .setSubject('张三')
      .setIssuer(options.iss ?? ISSUER)
      .setAudience(options.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(options.key ?? signer);

  async function refusal(jwt: string): Promise<string> {
    const error = await new JwtVerifier(settings).verify(jwt).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedException);
    const body = (error as UnauthorizedException).getResponse() as { code: string; field: string; message: string };
    expect(body).toMatchObject({ code: 'UNAUTHENTICATED', field: 'Authorization' });
    return body.message;
  }

  it('given a token signed by a configured key, when verified, then it grants its role and instance with a fingerprint that hides the subject', async () => {
    const match = await new JwtVerifier(settings).verify(await token());
    expect(match).toEqual({ grant: { role: 'department', instance: 'samr:341300' }, subject: '张三', fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(match.fingerprint).not.toContain('张三');
  });

  it('given investigator and auditor tokens, when verified, then their instance is their role whatever the instance claim says', async () => {
    const verifier = new JwtVerifier(settings);
    expect((await verifier.verify(await token({ cluebus_role: 'investigator', cluebus_instance: 'nhc:341300' }))).grant).toEqual({ role: 'investigator', instance: 'investigator' });
    expect((await verifier.verify(await token({ cluebus_role: 'auditor' }))).grant).toEqual({ role: 'auditor', instance: 'auditor' });
  });

  it('given an expired token, when verified, then 401 says it expired', async () => {
    expect(await refusal(await token({}, { exp: Math.floor(Date.now() / 1000) - 3600 }))).toMatch(/expired/);
  });

  it('given a wrong issuer or a wrong audience, when verified, then 401 names the claim', async () => {
    expect(await refusal(await token({}, { iss: 'https://evil.example' }))).toMatch(/iss/);
    expect(await refusal(await token({}, { aud: 'another-system' }))).toMatch(/aud/);
  });

  it('given a token signed by another key, when verified, then 401 says the signature does not verify', async () => {
    expect(await refusal(await token({}, { key: stranger }))).toMatch(/signature does not verify/);
  });

  it('given HS256 (a shared secret) or alg none, when verified, then 401: only the whitelisted asymmetric algorithms pass', async () => {
    expect(await refusal(await token({}, { alg: 'HS256', key: new TextEncoder().encode('a-secret-of-at-least-32-bytes-long!!') }))).toMatch(/algorithm/);
    const [, payload] = (await token()).split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(await refusal(none)).toMatch(/not a valid JWT|algorithm/);
  });

  it('given no role, an unknown role or a department without a code:region instance, when verified, then 401 names the claims', async () => {
    for (const claims of [{ cluebus_role: undefined }, { cluebus_role: 'admin' }, { cluebus_instance: 'samr' }, { cluebus_instance: 'police:341300' }]) {
      expect(await refusal(await token(claims))).toMatch(/cluebus_role/);
    }
  });

  it('given a compact JWS or an API key, when classified, then only the JWS looks like a JWT', async () => {
    expect(looksLikeJwt(await token())).toBe(true);
    expect(looksLikeJwt('dev-samr')).toBe(false);
  });
});

describe('loadJwtSettings', () => {
  it('given no JWT setting, when loaded, then JWTs are off', () => {
    expect(loadJwtSettings({})).toBeUndefined();
  });

  it('given only some of issuer, audience and keys, when loaded, then ConfigError asks for all three', () => {
    expect(() => loadJwtSettings({ CLUEBUS_JWT_ISSUER: ISSUER })).toThrow(/CLUEBUS_JWT_ISSUER, CLUEBUS_JWT_AUDIENCE and CLUEBUS_JWT_PUBLIC_KEYS must be set together/);
  });

  it('given a PEM public key, when loaded, then it becomes a one-key JWK set', async () => {
    const { publicKey } = await generateKeyPair('RS256');
    const settings = loadJwtSettings({ CLUEBUS_JWT_ISSUER: ISSUER, CLUEBUS_JWT_AUDIENCE: AUDIENCE, CLUEBUS_JWT_PUBLIC_KEYS: await exportSPKI(publicKey) });
    expect(settings?.keys.keys).toEqual([expect.objectContaining({ kty: 'RSA', n: expect.any(String) })]);
  });

  it('given HS256 or none in CLUEBUS_JWT_ALGORITHMS, or a symmetric key, when loaded, then ConfigError', () => {
    const base = { CLUEBUS_JWT_ISSUER: ISSUER, CLUEBUS_JWT_AUDIENCE: AUDIENCE };
    const oct = JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] });
    expect(() => loadJwtSettings({ ...base, CLUEBUS_JWT_PUBLIC_KEYS: oct })).toThrow(ConfigError);
    for (const alg of ['HS256', 'none']) {
      expect(() => loadJwtSettings({ ...base, CLUEBUS_JWT_PUBLIC_KEYS: '{"keys":[{"kty":"EC"}]}', CLUEBUS_JWT_ALGORITHMS: alg })).toThrow(new RegExp(`CLUEBUS_JWT_ALGORITHMS: ${alg} is refused`));
    }
    expect(() => loadJwtSettings({ ...base, CLUEBUS_JWT_PUBLIC_KEYS: '/nonexistent/jwks.json' })).toThrow(/no file \/nonexistent\/jwks.json/);
  });
});
