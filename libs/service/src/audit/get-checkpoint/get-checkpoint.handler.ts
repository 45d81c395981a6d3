import type { CheckpointDto } from '@cluebus/contracts';
import { Inject, NotFoundException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Checkpoint } from '@cluebus/audit';
import type { SqlClient } from '@cluebus/eventstore';
import { checkpointLog } from '@cluebus/eventstore/audit';
import { SQL_CLIENT } from '../../runtime/tokens';
import { GetCheckpointQuery } from './get-checkpoint.query';

@QueryHandler(GetCheckpointQuery)
export class GetCheckpointHandler implements IQueryHandler<GetCheckpointQuery> {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async execute({ treeSize }: GetCheckpointQuery): Promise<CheckpointDto> {
    const cp = treeSize === undefined ? await checkpointLog.latest(this.sql) : await checkpointLog.atSize(this.sql, treeSize);
    if (!cp) {
      throw new NotFoundException({
        code: 'CHECKPOINT_NOT_FOUND',
        field: 'size',
        message: treeSize === undefined ? 'no checkpoint has been signed yet' : `no checkpoint of size ${treeSize}`,
      });
    }
    return cp;
  }
}
