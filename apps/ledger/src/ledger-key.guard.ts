import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { LEDGER_CONFIG, type LedgerConfig } from './ledger-config';

/**
 * `Authorization: Bearer <key>`, a key of CLUEBUS_API_KEYS. The ledger shows counts only (no
 * clue content, no personal data); reader roles (investigator, auditor) come with the audit API.
 */
@Injectable()
export class LedgerKeyGuard implements CanActivate {
  private readonly keys: Buffer[];

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.keys = config.apiKeys.map((k) => Buffer.from(k.key));
  }

  canActivate(context: ExecutionContext): boolean {
    const header: string | undefined = context.switchToHttp().getRequest().headers['authorization'];
    const match = /^Bearer (\S+)$/.exec(header ?? '');
    const given = Buffer.from(match?.[1] ?? '');
    if (!match || !this.keys.some((k) => k.length === given.length && timingSafeEqual(k, given))) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', field: 'Authorization', message: 'Authorization: Bearer <api key> is required' });
    }
    return true;
  }
}
