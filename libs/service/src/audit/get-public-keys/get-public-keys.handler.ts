import type { PublicKeysDto } from '@cluebus/contracts';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { SqlClient } from '@cluebus/eventstore';
import { checkpointLog } from '@cluebus/eventstore/audit';
import { SQL_CLIENT } from '../../runtime/tokens';
import { AuditKeys, type PublishedKey } from '../audit-keys';
import { GetPublicKeysQuery } from './get-public-keys.query';

export interface PublicKeysView extends Partial<PublishedKey> {
  /** Every key known here; `pinned` ones are configured in this process, the others read from the store. */
  keys: PublishedKey[];
  note: string;
}

@QueryHandler(GetPublicKeysQuery)
export class GetPublicKeysHandler implements IQueryHandler<GetPublicKeysQuery> {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly auditKeys: AuditKeys,
  ) {}

  async execute(): Promise<PublicKeysDto> {
    const keys = await this.auditKeys.published();
    const latest = await checkpointLog.latest(this.sql);
    const current = keys.find((k) => k.keyId === (latest?.keyId ?? this.auditKeys.signingKey?.keyId)) ?? keys[0];
    return {
      ...(current ?? {}),
      keys,
      note: 'key id = first 16 hex digits of SHA-256 over the SPKI DER; compare it with a key id obtained outside this system before trusting it',
    };
  }
}
