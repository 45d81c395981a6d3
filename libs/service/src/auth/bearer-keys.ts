import { UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** First 12 hex digits of SHA-256 of an API key: names the key in logs without revealing it. */
export const keyFingerprint = (key: string): string => sha256(key).toString('hex').slice(0, 12);

export interface BearerKeyMatch<G> {
  grant: G;
  fingerprint: string;
}

interface KeyEntry<G> {
  digest: Buffer;
  grant: G;
  fingerprint: string;
}

/** 401 UNAUTHENTICATED naming Authorization: every credential refusal, key or JWT, has this shape. */
export const unauthenticated = (message: string) => new UnauthorizedException({ code: 'UNAUTHENTICATED', field: 'Authorization', message });

/** The credential of `Authorization: Bearer <credential>`, or undefined when the header has another form. */
export const bearerOf = (authorization: unknown): string | undefined => (typeof authorization === 'string' ? /^Bearer (\S+)$/i.exec(authorization)?.[1] : undefined);

/**
 * `Authorization: Bearer <key>` against the configured keys, the one check every process's
 * guard uses. Constant time: keys are compared as SHA-256 digests (the same length whatever the
 * key) with timingSafeEqual, and every key is compared on every request, so neither a key's
 * length nor its place in the list shows in the response time. A missing header or an unknown
 * key is 401 with code UNAUTHENTICATED and field Authorization.
 */
export class BearerKeys<G extends { key: string }> {
  private readonly entries: ReadonlyArray<KeyEntry<G>>;

  constructor(grants: readonly G[]) {
    this.entries = grants.map((grant) => {
      return { digest: sha256(grant.key), grant, fingerprint: keyFingerprint(grant.key) };
    });
  }

  /** The grant of the request's key; throws 401 UNAUTHENTICATED otherwise. */
  match(authorization: unknown): BearerKeyMatch<G> {
    const bearer = bearerOf(authorization);
    if (bearer === undefined) throw unauthenticated('Authorization: Bearer <api key> is required');
    const given = sha256(bearer);
    let found: KeyEntry<G> | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, given) && !found) found = entry;
    if (!found) throw unauthenticated('unknown API key');
    return { grant: found.grant, fingerprint: found.fingerprint };
  }
}
