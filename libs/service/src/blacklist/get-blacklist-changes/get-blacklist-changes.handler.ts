import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { BlacklistChange } from '@cluebus/projections';
import { BlacklistReader } from '../shared/blacklist-reader';
import { GetBlacklistChangesQuery } from './get-blacklist-changes.query';

export interface BlacklistChangesResult {
  changes: BlacklistChange[];
  /** Ask again with `since=next` for what follows (the last position returned, or `since` when none). */
  next: number;
}

@QueryHandler(GetBlacklistChangesQuery)
export class GetBlacklistChangesHandler implements IQueryHandler<GetBlacklistChangesQuery, BlacklistChangesResult> {
  constructor(private readonly reader: BlacklistReader) {}

  async execute({ since, limit }: GetBlacklistChangesQuery): Promise<BlacklistChangesResult> {
    const changes = await this.reader.changes(since, limit);
    return { changes, next: changes.length ? changes[changes.length - 1].position : since };
  }
}
