import type { ConsistencyProofDto } from '@cluebus/contracts';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { SqlClient } from '@cluebus/eventstore';
import { proveCheckpointConsistency, type ConsistencyBundle } from '@cluebus/eventstore/audit';
import { SQL_CLIENT } from '../../runtime/tokens';
import { asApiErrors } from '../audit-http-errors';
import { GetConsistencyProofQuery } from './get-consistency-proof.query';

@QueryHandler(GetConsistencyProofQuery)
export class GetConsistencyProofHandler implements IQueryHandler<GetConsistencyProofQuery> {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  execute({ from, to }: GetConsistencyProofQuery): Promise<ConsistencyProofDto> {
    return asApiErrors(() => proveCheckpointConsistency(this.sql, from, to));
  }
}
