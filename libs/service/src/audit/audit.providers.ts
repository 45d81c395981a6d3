import type { Provider } from '@nestjs/common';
import type { SqlClient } from '@cluebus/eventstore';
import type { CluebusConfig } from '../config/cluebus-config';
import { SQL_CLIENT } from '../runtime/tokens';
import { AccessLog } from './access-log/access-log';
import { AccessLogController } from './access-log/access-log.controller';
import { AccessLogGuard } from './access-log/access-log.guard';
import { AuditController } from './audit.controller';
import { AuditKeys } from './audit-keys';
import { CheckpointerService } from './checkpointer/checkpointer.service';
import { GetAuditStatusHandler } from './get-audit-status/get-audit-status.handler';
import { GetCheckpointHandler } from './get-checkpoint/get-checkpoint.handler';
import { GetConsistencyProofHandler } from './get-consistency-proof/get-consistency-proof.handler';
import { GetEventProofHandler } from './get-event-proof/get-event-proof.handler';
import { GetPublicKeysHandler } from './get-public-keys/get-public-keys.handler';
import { VerifyLogHandler } from './verify-log/verify-log.handler';

/** The audit side of a service: checkpointer (where configured), /v1/audit, the access log. */
export const AUDIT_CONTROLLERS = [AuditController, AccessLogController];

export function auditProviders(config: CluebusConfig): Provider[] {
  return [
    // Creates the audit tables and resolves the keys before anything reads them.
    { provide: AuditKeys, useFactory: (sql: SqlClient) => AuditKeys.create(config, sql), inject: [SQL_CLIENT] },
    AccessLog,
    AccessLogGuard,
    CheckpointerService,
    GetCheckpointHandler,
    GetPublicKeysHandler,
    GetEventProofHandler,
    GetConsistencyProofHandler,
    GetAuditStatusHandler,
    VerifyLogHandler,
  ];
}
