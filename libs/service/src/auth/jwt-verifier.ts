import { createHash } from 'node:crypto';
import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { isDepartmentInstance } from '@cluebus/contracts';
import { AUDITOR_INSTANCE, INVESTIGATOR_INSTANCE, type ApiKeyGrant, type ApiKeyRole } from './api-keys';
import { unauthenticated } from './bearer-keys';
import type { JwtSettings } from './jwt-settings';

/** The claims a token must carry besides iss, aud, exp and sub (ADR 0016). */
export const ROLE_CLAIM = 'cluebus_role';
export const INSTANCE_CLAIM = 'cluebus_instance';

/** A verified token: the grant it carries, the name the logs give it, and who it names. */
export interface JwtMatch {
  grant: Omit<ApiKeyGrant, 'key'>;
  fingerprint: string;
  subject: string;
}

/** A compact JWS (header.payload.signature): how the guard tells a token from an API key. */
export const looksLikeJwt = (bearer: string): boolean => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(bearer);

/**
 * Verifies single-sign-on bearer tokens against the configured public keys (jose): signature,
 * algorithm in the whitelist (never none or HS*), issuer, audience, exp (required), nbf. Every
 * failure is 401 UNAUTHENTICATED naming Authorization; the message says which check failed but
 * never echoes the token.
 */
export class JwtVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;

  constructor(private readonly settings: JwtSettings) {
    this.keys = createLocalJWKSet(settings.keys);
  }

  async verify(token: string): Promise<JwtMatch> {
    const payload = await this.verifiedPayload(token);
    const role = payload[ROLE_CLAIM];
    const instance = payload[INSTANCE_CLAIM];
    const grant = grantOf(role, instance);
    if (!grant) throw unauthenticated(`the token's ${ROLE_CLAIM} must be department (with ${INSTANCE_CLAIM} code:region), investigator or auditor`);
    const subject = payload.sub as string;
    // Names the token's holder in logs without the subject in clear (it may be a person's id).
    const fingerprint = createHash('sha256').update(`jwt\n${payload.iss}\n${subject}`).digest('hex').slice(0, 12);
    return { grant, fingerprint, subject };
  }

  private async verifiedPayload(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.settings.algorithms,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (error) {
      throw unauthenticated(reasonOf(error));
    }
  }
}

function grantOf(role: unknown, instance: unknown): Omit<ApiKeyGrant, 'key'> | undefined {
  if (role === 'investigator') return { role, instance: INVESTIGATOR_INSTANCE };
  if (role === 'auditor') return { role, instance: AUDITOR_INSTANCE };
  if (role === 'department' && typeof instance === 'string' && isDepartmentInstance(instance)) return { role: role as ApiKeyRole, instance };
  return undefined;
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm this service does not accept';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token is not signed by a configured key';
  return 'the token is not a valid JWT';
}
