import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { type ApiKeyGrant, BearerKeys } from '@cluebus/service/auth';
import { LEDGER_CONFIG, type LedgerConfig } from './ledger-config';

/**
 * `Authorization: Bearer <key>`, a department key of CLUEBUS_API_KEYS, matched by the same
 * constant-time check as the department services (401 UNAUTHENTICATED, field Authorization).
 * The ledger shows counts only (no clue content, no personal data), so any department key may
 * read all of it; reader roles (investigator, auditor) come with the audit API.
 */
@Injectable()
export class LedgerKeyGuard implements CanActivate {
  private readonly keys: BearerKeys<ApiKeyGrant>;

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.keys = new BearerKeys(config.apiKeys);
  }

  canActivate(context: ExecutionContext): boolean {
    this.keys.match(context.switchToHttp().getRequest().headers['authorization']);
    return true;
  }
}
