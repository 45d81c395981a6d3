import type { CaseTimelineDto, CaseTimelineEventDto } from '@cluebus/contracts';
import { Inject, NotFoundException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { canSeeCase } from '@cluebus/domain';
import type { SqlClient } from '@cluebus/eventstore';
import { proveEventsInclusion } from '@cluebus/eventstore/audit';
import { asApiErrors } from '../../audit/audit-http-errors';
import { holdsClearPersonalData, timelineEventJson, timelineEventView } from '../../clues/shared/event-view';
import { JsonText } from '../../http/json-text';
import { SQL_CLIENT } from '../../runtime/tokens';
import { CaseReader } from '../shared/case-reader';
import { mergeByPosition, timelineJson, visibleStreams } from './case-timeline';
import { GetCaseTimelineQuery } from './get-case-timeline.query';

/**
 * The investigator's replay (案件全过程回放): every event of the case and of its clues, across
 * departments, in the order the log committed them, as stored. Who may read it follows
 * GET /v1/cases/:id, decided on the case as it stood at `asOf`. With proofs, each event carries
 * its inclusion proof against the newest checkpoint, so the whole timeline can be checked by
 * someone who trusts only the signing key. The answer is JSON text: an investigator's timeline
 * without proofs is the stored JSON of its events spliced together, never parsed (a 10,000-event
 * case is ~10 MB; parsing and serialising it again was most of the read: BENCHMARKS.md, replay).
 */
@QueryHandler(GetCaseTimelineQuery)
export class GetCaseTimelineHandler implements IQueryHandler<GetCaseTimelineQuery> {
  constructor(
    private readonly reader: CaseReader,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
  ) {}

  async execute({ principal, caseId, asOf, withProofs }: GetCaseTimelineQuery): Promise<JsonText<CaseTimelineDto>> {
    const head = { caseId, asOf: asOf?.toISOString() ?? null, checkpoint: null };
    const kase = await this.reader.readStoredCase(caseId, asOf);
    const notFound = () => new NotFoundException({ code: 'CASE_NOT_FOUND', field: 'id', message: `no case ${caseId} visible to ${principal.instance}` });
    if (!kase.state.exists) throw notFound();
    const investigator = principal.role === 'investigator';
    // Investigators see every clue of the case: no clue need be folded, so none is parsed.
    const asJson = investigator && !withProofs ? await this.reader.readStoredCluesAsJson(kase.state.clueIds, asOf) : undefined;
    if (asJson) {
      const caseEntries = kase.events.map((e) => ({ globalPosition: e.globalPosition, json: JSON.stringify(timelineEventView(e, this.reader.upcaster)) }));
      const clueEntries = asJson.map((e) => ({ globalPosition: e.globalPosition, json: timelineEventJson(e, this.reader.upcaster) }));
      return new JsonText(timelineJson(head, mergeByPosition([caseEntries, clueEntries]).map((e) => e.json)));
    }

    const clues = await this.reader.readStoredClues(kase.state.clueIds, asOf);
    const clueStates = Object.fromEntries(Object.entries(clues).map(([id, c]) => [id, c.state]));
    if (!investigator && !canSeeCase(kase.state, principal.instance, clueStates)) throw notFound();
    const raw = mergeByPosition(visibleStreams(kase.events, clues, principal));
    const events = raw.map((e) => timelineEventView(e, this.reader.upcaster));
    if (!withProofs) return JsonText.of({ ...head, events });

    const provable = raw.filter((e) => !holdsClearPersonalData(e));
    const { checkpoint, proofs } = await asApiErrors(() => proveEventsInclusion(this.sql, provable));
    return JsonText.of({
      ...head,
      checkpoint: checkpoint ?? null,
      events: events.map((e): CaseTimelineEventDto => {
        if (e.proofWithheld) return e;
        const proof = proofs.get(e.position);
        return proof ? { ...e, proof } : { ...e, proofWithheld: 'NOT_YET_CHECKPOINTED' };
      }),
    });
  }
}
