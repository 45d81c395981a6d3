import type { EventProofDto } from '@cluebus/contracts';
import { ForbiddenException, Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { SqlClient } from '@cluebus/eventstore';
import { proveEventInclusion, type EventProofBundle } from '@cluebus/eventstore/audit';
import { SQL_CLIENT } from '../../runtime/tokens';
import { asApiErrors } from '../audit-http-errors';
import { AuditKeys, type PublishedKey } from '../audit-keys';
import { GetEventProofQuery } from './get-event-proof.query';

export interface EventProofView extends EventProofBundle {
  /** The checkpoint's signer as known here; pin it by its id rather than trusting this copy. */
  signer?: PublishedKey;
  /** What an outside verifier checks, in order. */
  howToVerify: string;
}

/**
 * Everything an outside verifier needs (besides a key it trusts): the event exactly as stored,
 * the audit path, the signed checkpoint. One exception: a ClueRegistered v1 that names its
 * whistleblower in clear. Its leaf covers the reporter's identity, which DOMAIN.md shows to the
 * registering department only, so its proof is refused here (ADR 0005). A v2 event holds only
 * the vault's token and salted commitment (ADR 0010): its proof reveals nobody and is served.
 */
@QueryHandler(GetEventProofQuery)
export class GetEventProofHandler implements IQueryHandler<GetEventProofQuery> {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly auditKeys: AuditKeys,
  ) {}

  async execute({ eventId, treeSize }: GetEventProofQuery): Promise<EventProofDto> {
    const bundle = await asApiErrors(() => proveEventInclusion(this.sql, eventId, treeSize));
    if (namesWhistleblower(bundle.event.type, bundle.event.data)) {
      throw new ForbiddenException({
        code: 'REPORTER_PROTECTED',
        field: 'eventId',
        message:
          'this event names its whistleblower, whom only the registering department may see, and its proof needs the event in full; ' +
          'POST /v1/audit/verify checks it in place',
      });
    }
    const signer = (await this.auditKeys.published()).find((k) => k.keyId === bundle.checkpoint.keyId);
    return {
      ...bundle,
      ...(signer ? { signer } : {}),
      howToVerify:
        'check the checkpoint signature (Ed25519 over canonical JSON of treeSize, rootHash, algorithm, issuedAt, keyId) with a trusted key; ' +
        'leaf = H(0x00 ‖ canonical JSON of the event without prevHash/hash); leafIndex = globalPosition − 1; ' +
        'fold the audit path (RFC 6962/9162) to the checkpoint rootHash',
    };
  }
}

function namesWhistleblower(type: string, data: Record<string, unknown>): boolean {
  if (type !== 'ClueRegistered' || typeof data.reporter !== 'object' || data.reporter === null) return false;
  const reporter = data.reporter as { name?: unknown; contact?: unknown };
  return reporter.name !== undefined || reporter.contact !== undefined;
}
