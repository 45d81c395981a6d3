import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { JSONWebKeySet, JWK } from 'jose';
import { ConfigError } from '../config/config-error';

/** Asymmetric JWS algorithms only: `none` and HS* (a shared secret, not a public key) are never accepted. */
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];
const DEFAULT_ALGORITHMS: JwtAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** How a department service verifies single-sign-on bearer tokens (ADR 0016). */
export interface JwtSettings {
  issuer: string;
  audience: string;
  /** The public keys tokens are signed with, as a JWK set (a PEM is converted). */
  keys: JSONWebKeySet;
  algorithms: JwtAlgorithm[];
  /** Seconds of clock skew tolerated on exp/nbf/iat (CLUEBUS_JWT_CLOCK_TOLERANCE_SECONDS, 30). */
  clockToleranceSeconds: number;
}

type Env = Record<string, string | undefined>;

/**
 * CLUEBUS_JWT_ISSUER, CLUEBUS_JWT_AUDIENCE and CLUEBUS_JWT_PUBLIC_KEYS together switch JWTs on
 * (all or none: a verifier without an audience would accept tokens meant for another system).
 * CLUEBUS_JWT_PUBLIC_KEYS is an inline JWK set (`{"keys":[…]}`), a PEM public key, or the path
 * of a file holding either. CLUEBUS_JWT_ALGORITHMS narrows the accepted algorithms.
 */
export function loadJwtSettings(env: Env): JwtSettings | undefined {
  const issuer = env.CLUEBUS_JWT_ISSUER?.trim() ?? '';
  const audience = env.CLUEBUS_JWT_AUDIENCE?.trim() ?? '';
  const source = env.CLUEBUS_JWT_PUBLIC_KEYS?.trim() ?? '';
  const given = [issuer, audience, source].filter(Boolean).length;
  if (given === 0) return undefined;
  if (given < 3) throw new ConfigError('CLUEBUS_JWT_ISSUER, CLUEBUS_JWT_AUDIENCE and CLUEBUS_JWT_PUBLIC_KEYS must be set together (or none of them)');
  const tolerance = env.CLUEBUS_JWT_CLOCK_TOLERANCE_SECONDS ?? '30';
  if (!/^\d{1,4}$/.test(tolerance)) throw new ConfigError('CLUEBUS_JWT_CLOCK_TOLERANCE_SECONDS must be a whole number of seconds');
  return { issuer, audience, keys: publicKeys(source), algorithms: algorithms(env.CLUEBUS_JWT_ALGORITHMS), clockToleranceSeconds: Number(tolerance) };
}

function algorithms(raw: string | undefined): JwtAlgorithm[] {
  if (raw === undefined || raw.trim() === '') return DEFAULT_ALGORITHMS;
  const listed = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const refused = listed.find((alg) => !(JWT_ALGORITHMS as readonly string[]).includes(alg));
  if (refused !== undefined) throw new ConfigError(`CLUEBUS_JWT_ALGORITHMS: ${refused} is refused; allowed: ${JWT_ALGORITHMS.join(', ')} (never none or HS*)`);
  return listed as JwtAlgorithm[];
}

function publicKeys(source: string): JSONWebKeySet {
  const text = source.startsWith('{') || source.startsWith('-----BEGIN') ? source : readKeyFile(source);
  const keys = text.trim().startsWith('{') ? jwksOf(text) : { keys: [pemToJwk(text)] };
  if (keys.keys.length === 0) throw new ConfigError('CLUEBUS_JWT_PUBLIC_KEYS holds no key');
  for (const [i, key] of keys.keys.entries()) {
    // A symmetric (oct) key or a private part means the setting is not a set of public keys.
    if (key.kty === 'oct' || 'd' in key) throw new ConfigError(`CLUEBUS_JWT_PUBLIC_KEYS key ${i + 1}: only public RSA, EC or OKP keys are accepted`);
  }
  return keys;
}

function readKeyFile(path: string): string {
  if (!existsSync(path)) throw new ConfigError(`CLUEBUS_JWT_PUBLIC_KEYS: no file ${path} (give a JWK set, a PEM public key, or a file holding one)`);
  return readFileSync(path, 'utf8');
}

function jwksOf(text: string): JSONWebKeySet {
  try {
    const parsed = JSON.parse(text) as { keys?: unknown };
    if (Array.isArray(parsed.keys)) return { keys: parsed.keys as JWK[] };
  } catch {
    // named below
  }
  throw new ConfigError('CLUEBUS_JWT_PUBLIC_KEYS: a JWK set must be JSON of the form {"keys":[…]}');
}

function pemToJwk(pem: string): JWK {
  try {
    const key = createPublicKey(pem.replace(/\\n/g, '\n'));
    return key.export({ format: 'jwk' }) as JWK;
  } catch {
    throw new ConfigError('CLUEBUS_JWT_PUBLIC_KEYS: not a PEM public key');
  }
}
