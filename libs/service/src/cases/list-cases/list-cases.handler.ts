import type { CaseListDto } from '@cluebus/contracts';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { canSeeCase, isCaseParticipant } from '@cluebus/domain';
import { CaseIndex } from '../case-tracks/case-index';
import { CaseReader } from '../shared/case-reader';
import { caseSummary, type CaseSummary } from '../get-case/case-view';
import { ListCasesQuery } from './list-cases.query';

/**
 * GET /v1/cases. The candidates come from the case index the case-track processor keeps
 * (eventually consistent, like the inbox: a case just opened appears within moments); each is
 * then read and its visibility checked on its current state, so the list never shows a case the
 * caller may not open.
 */
@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery> {
  constructor(
    private readonly index: CaseIndex,
    private readonly reader: CaseReader,
  ) {}

  async execute({ principal }: ListCasesQuery): Promise<CaseListDto> {
    const ids = principal.role === 'investigator' ? await this.index.allCases() : await this.index.casesVisibleTo(principal.instance);
    const cases: CaseSummary[] = [];
    for (const id of ids) {
      const { state } = await this.reader.readCase(id);
      if (!state.exists) continue;
      const visible =
        principal.role === 'investigator' || isCaseParticipant(state, principal.instance) || canSeeCase(state, principal.instance, await this.reader.readClues(state.clueIds));
      if (visible) cases.push(caseSummary(state));
    }
    return { cases };
  }
}
