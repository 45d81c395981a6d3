import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ClueViewDto } from '@cluebus/contracts';
import { VisibleHistoryReader } from '../shared/visible-history';
import { GetClueQuery } from './get-clue.query';

@QueryHandler(GetClueQuery)
export class GetClueHandler implements IQueryHandler<GetClueQuery> {
  constructor(private readonly reader: VisibleHistoryReader) {}

  async execute({ principal, clueId, asOf }: GetClueQuery): Promise<ClueViewDto> {
    const { state, events } = await this.reader.read(clueId, principal, asOf);
    return { ...state, version: events.length - 1 };
  }
}
