import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { InboxDto } from '@cluebus/contracts';
import { queryInbox, queryInboxNotices } from '@cluebus/projections';
import { SQL_CLIENT } from '../../runtime/tokens';
import type { SqlClient } from '@cluebus/eventstore';
import { GetInboxQuery } from './get-inbox.query';

@QueryHandler(GetInboxQuery)
export class GetInboxHandler implements IQueryHandler<GetInboxQuery> {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  /** `items`: transfers received (filtered by status); `notices`: matters handed over without a transfer (one-sided bribery flags to ccdi). */
  async execute({ principal, status }: GetInboxQuery): Promise<InboxDto> {
    return {
      department: principal.instance,
      items: await queryInbox(this.sql, principal.instance, new Date(), status),
      notices: await queryInboxNotices(this.sql, principal.instance),
    };
  }
}
