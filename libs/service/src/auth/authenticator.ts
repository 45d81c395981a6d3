import { ForbiddenException } from '@nestjs/common';
import { departmentCodeOf, type DepartmentCode } from '@cluebus/contracts';
import type { ApiKeyGrant } from './api-keys';
import { bearerOf, BearerKeys } from './bearer-keys';
import { JwtVerifier, looksLikeJwt } from './jwt-verifier';
import type { JwtSettings } from './jwt-settings';

/** Who the bearer is, before the route's roles are checked. */
export interface Authenticated {
  grant: Omit<ApiKeyGrant, 'key'>;
  fingerprint: string;
  /** The JWT's `sub`: the acting person when the request names no X-Actor. */
  subject?: string;
}

/**
 * `Authorization: Bearer <credential>`: a JWT when JWTs are configured and the credential has
 * the compact JWS form, else an API key. Both end in the same grant (role + instance), so the
 * role checks after it do not know or care which it was (ADR 0016).
 */
export class Authenticator {
  private readonly keys: BearerKeys<ApiKeyGrant>;
  private readonly jwt?: JwtVerifier;

  constructor(
    apiKeys: readonly ApiKeyGrant[],
    jwt: JwtSettings | undefined,
    /** Departments this process hosts: a token for another one is refused, as a key would be at start. */
    private readonly hosted: readonly DepartmentCode[],
  ) {
    this.keys = new BearerKeys(apiKeys);
    this.jwt = jwt && new JwtVerifier(jwt);
  }

  async authenticate(authorization: unknown): Promise<Authenticated> {
    const bearer = bearerOf(authorization);
    if (this.jwt && bearer !== undefined && looksLikeJwt(bearer)) {
      const match = await this.jwt.verify(bearer);
      if (match.grant.role === 'department' && !this.hosted.includes(departmentCodeOf(match.grant.instance))) {
        throw new ForbiddenException({ code: 'FORBIDDEN', field: 'Authorization', message: `the token is for ${match.grant.instance}, which this process does not host` });
      }
      return match;
    }
    return this.keys.match(authorization);
  }
}

