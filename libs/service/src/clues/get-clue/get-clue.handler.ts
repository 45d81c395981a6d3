import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ClueState } from '@cluebus/domain';
import { VisibleHistoryReader } from '../shared/visible-history';
import { GetClueQuery } from './get-clue.query';

@QueryHandler(GetClueQuery)
export class GetClueHandler implements IQueryHandler<GetClueQuery> {
  constructor(private readonly reader: VisibleHistoryReader) {}

  async execute({ principal, clueId, asOf }: GetClueQuery): Promise<ClueState & { version: number }> {
    const { state, events } = await this.reader.read(clueId, principal, asOf);
    return { ...state, version: events.length - 1 };
  }
}
