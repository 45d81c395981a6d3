import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ClueHistoryDto } from '@cluebus/contracts';
import { VisibleHistoryReader } from '../shared/visible-history';
import { GetClueHistoryQuery } from './get-clue-history.query';

@QueryHandler(GetClueHistoryQuery)
export class GetClueHistoryHandler implements IQueryHandler<GetClueHistoryQuery> {
  constructor(private readonly reader: VisibleHistoryReader) {}

  async execute({ principal, clueId, asOf }: GetClueHistoryQuery): Promise<ClueHistoryDto> {
    const { events } = await this.reader.read(clueId, principal, asOf);
    return { clueId, events };
  }
}
