import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { BlacklistChangesDto } from '@cluebus/contracts';
import { BlacklistReader } from '../shared/blacklist-reader';
import { GetBlacklistChangesQuery } from './get-blacklist-changes.query';

/** The feed and where to ask on (`since=next`): the contract's BlacklistChangesDto. */
export type BlacklistChangesResult = BlacklistChangesDto;

@QueryHandler(GetBlacklistChangesQuery)
export class GetBlacklistChangesHandler implements IQueryHandler<GetBlacklistChangesQuery, BlacklistChangesResult> {
  constructor(private readonly reader: BlacklistReader) {}

  async execute({ since, limit }: GetBlacklistChangesQuery): Promise<BlacklistChangesResult> {
    const changes = await this.reader.changes(since, limit);
    return { changes, next: changes.length ? changes[changes.length - 1].position : since };
  }
}
