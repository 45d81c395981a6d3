import type { AuditStatusDto } from '@cluebus/contracts';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { SqlClient } from '@cluebus/eventstore';
import { checkpointLog, readLogHead, type CheckpointerStatus } from '@cluebus/eventstore/audit';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../../config/cluebus-config';
import { SQL_CLIENT } from '../../runtime/tokens';
import { CheckpointerService } from '../checkpointer/checkpointer.service';
import { GetAuditStatusQuery } from './get-audit-status.query';

export interface AuditStatusView {
  headPosition: number;
  latestCheckpoint: { treeSize: number; issuedAt: string; keyId: string } | null;
  /** Events appended since the newest checkpoint. */
  uncheckpointed: number;
  policy: { every: number; seconds: number };
  /** This process's checkpointer, or null when another process issues checkpoints. */
  checkpointer: CheckpointerStatus | null;
}

@QueryHandler(GetAuditStatusQuery)
export class GetAuditStatusHandler implements IQueryHandler<GetAuditStatusQuery> {
  constructor(
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly checkpointer: CheckpointerService,
  ) {}

  async execute(): Promise<AuditStatusDto> {
    const latest = await checkpointLog.latest(this.sql);
    const head = await readLogHead(this.sql);
    return {
      headPosition: head.globalPosition,
      latestCheckpoint: latest ? { treeSize: latest.treeSize, issuedAt: latest.issuedAt, keyId: latest.keyId } : null,
      uncheckpointed: head.globalPosition - (latest?.treeSize ?? 0),
      policy: { every: this.config.audit.checkpointEvery, seconds: this.config.audit.checkpointSeconds },
      checkpointer: this.checkpointer.status() ?? null,
    };
  }
}
