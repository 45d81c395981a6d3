import type { CaseViewDto } from '@cluebus/contracts';
import { NotFoundException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { canSeeCase } from '@cluebus/domain';
import { CaseReader } from '../shared/case-reader';
import { caseView } from './case-view';
import { GetCaseQuery } from './get-case.query';

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(private readonly reader: CaseReader) {}

  async execute({ principal, caseId, asOf }: GetCaseQuery): Promise<CaseViewDto> {
    const { state, events } = await this.reader.readCase(caseId, asOf);
    const clues = state.exists ? await this.reader.readClues(state.clueIds, asOf) : {};
    const visible = state.exists && (principal.role === 'investigator' || canSeeCase(state, principal.instance, clues));
    // A missing case and a hidden one get the same answer (as for clues); as of a time, a case not
    // yet opened or not yet shared with the caller is missing too.
    if (!visible) throw new NotFoundException({ code: 'CASE_NOT_FOUND', field: 'id', message: `no case ${caseId} visible to ${principal.instance}` });
    return caseView(state, clues, principal, events.length - 1);
  }
}
