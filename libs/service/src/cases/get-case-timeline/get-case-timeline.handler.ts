import type { CaseTimelineDto, CaseTimelineEventDto } from '@cluebus/contracts';
import { Inject, NotFoundException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { canSeeCase } from '@cluebus/domain';
import type { SqlClient } from '@cluebus/eventstore';
import { proveEventsInclusion } from '@cluebus/eventstore/audit';
import { asApiErrors } from '../../audit/audit-http-errors';
import { holdsClearPersonalData, timelineEventView } from '../../clues/shared/event-view';
import { SQL_CLIENT } from '../../runtime/tokens';
import { CaseReader } from '../shared/case-reader';
import { mergeByPosition, visibleStreams } from './case-timeline';
import { GetCaseTimelineQuery } from './get-case-timeline.query';

/**
 * The investigator's replay (案件全过程回放): every event of the case and of its clues, across
 * departments, in the order the log committed them, as stored. Who may read it follows
 * GET /v1/cases/:id, decided on the case as it stood at `asOf`. With proofs, each event carries
 * its inclusion proof against the newest checkpoint, so the whole timeline can be checked by
 * someone who trusts only the signing key.
 */
@QueryHandler(GetCaseTimelineQuery)
export class GetCaseTimelineHandler implements IQueryHandler<GetCaseTimelineQuery> {
  constructor(
    private readonly reader: CaseReader,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
  ) {}

  async execute({ principal, caseId, asOf, withProofs }: GetCaseTimelineQuery): Promise<CaseTimelineDto> {
    const stored = await this.reader.readStored(caseId, asOf);
    const clueStates = Object.fromEntries(Object.entries(stored.clues).map(([id, c]) => [id, c.state]));
    const visible = stored.state.exists && (principal.role === 'investigator' || canSeeCase(stored.state, principal.instance, clueStates));
    if (!visible) throw new NotFoundException({ code: 'CASE_NOT_FOUND', field: 'id', message: `no case ${caseId} visible to ${principal.instance}` });
    const raw = mergeByPosition(visibleStreams(stored.events, stored.clues, principal));
    const events = raw.map((e) => timelineEventView(e, this.reader.upcaster));
    if (!withProofs) return { caseId, asOf: asOf?.toISOString() ?? null, checkpoint: null, events };

    const provable = raw.filter((e) => !holdsClearPersonalData(e));
    const { checkpoint, proofs } = await asApiErrors(() => proveEventsInclusion(this.sql, provable));
    return {
      caseId,
      asOf: asOf?.toISOString() ?? null,
      checkpoint: checkpoint ?? null,
      events: events.map((e): CaseTimelineEventDto => {
        if (e.proofWithheld) return e;
        const proof = proofs.get(e.position);
        return proof ? { ...e, proof } : { ...e, proofWithheld: 'NOT_YET_CHECKPOINTED' };
      }),
    };
  }
}
