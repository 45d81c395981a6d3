import { parseDepartmentInstance } from '@cluebus/contracts/departments';
import type { SanctionImposed, SubjectEvent } from '@cluebus/contracts';
import { ActorMustBeDepartmentInstance, checkRules } from '../clue/rules';
import { DomainError } from '../domain-error';
import { findMeasure, triggeredBy, type SanctionCatalogue } from './catalogue/sanction-catalogue';
import type { SubjectCommand, SubjectDecisionContext } from './subject-commands';
import { SubjectErrorCodes } from './subject-error-codes';
import { triggeredRecordsOf, type SanctionState, type SubjectState } from './subject-state';
import {
  dayAfter,
  DayMustExist,
  MeasureMustFitSubjectKind,
  NoticesAreTriggeredNotImposed,
  OnlySanctioningDepartmentMayEnd,
  PersonNameIsNotAccepted,
  RatingMustMatchMeasure,
  RatingSchemeAndGradeMustBeKnown,
  RatingSchemeMustBeInForceOnStart,
  SanctionIdMustBeNew,
  SanctionMeasureMustBeInCatalogue,
  SanctionMustBeDueToExpire,
  SanctionMustBeInForce,
  SanctionMustExist,
  SanctionMustNotEndBeforeStart,
  TriggeredRecordEndsWithTrigger,
} from './rules';

type Imposition = Extract<SubjectCommand, { type: 'ImposeSanction' }>['data'];

/**
 * The Subject decider (联合惩戒): command + state → events, or a DomainError saying why not.
 * Pure: the actor, the catalogue (with the memorandum) and the id of the first event come in the
 * context. Rules are checked actor → catalogue → subject → rating → dates → state, so the first
 * refusal names the field a clerk should look at first.
 */
export function decideSubject(command: SubjectCommand, state: SubjectState, ctx: SubjectDecisionContext): SubjectEvent[] {
  checkRules(new ActorMustBeDepartmentInstance(ctx.actor));
  switch (command.type) {
    case 'ImposeSanction':
      return impose(command.data, state, ctx);
    case 'RevokeSanction': {
      const d = command.data;
      const sanction = endable(state, d.sanctionId, ctx.actor, d.effectiveOn);
      return ending(state, sanction, ctx, (sanctionId, causeEventId) => ({
        type: 'SanctionRevoked',
        data: { sanctionId, endedOn: d.effectiveOn, by: ctx.actor, reason: d.reason, ...(causeEventId ? { causeEventId } : {}) },
      }));
    }
    case 'RepairCredit': {
      const d = command.data;
      const sanction = endable(state, d.sanctionId, ctx.actor, d.effectiveOn);
      return ending(state, sanction, ctx, (sanctionId, causeEventId) => ({
        type: 'CreditRepaired',
        data: { sanctionId, endedOn: d.effectiveOn, by: ctx.actor, basis: d.basis, ...(causeEventId ? { causeEventId } : {}) },
      }));
    }
    case 'ExpireSanction': {
      const sanction = state.sanctions[command.data.sanctionId];
      checkRules(new SanctionMustExist(sanction));
      checkRules(new TriggeredRecordEndsWithTrigger(sanction), new SanctionMustBeInForce(sanction), new SanctionMustBeDueToExpire(sanction, command.data.today));
      const endedOn = dayAfter(sanction.endsOn!);
      return ending(state, sanction, ctx, (sanctionId, causeEventId) => ({ type: 'SanctionExpired', data: { sanctionId, endedOn, ...(causeEventId ? { causeEventId } : {}) } }));
    }
    default: {
      const unknown: never = command;
      throw new DomainError(SubjectErrorCodes.UNKNOWN_COMMAND, `unknown command ${(unknown as { type?: unknown }).type}`);
    }
  }
}

function impose(d: Imposition, state: SubjectState, ctx: SubjectDecisionContext): SubjectEvent[] {
  const { catalogue, actor } = ctx;
  checkRules(new SanctionMeasureMustBeInCatalogue(catalogue, actor, d.measure));
  const measure = findMeasure(catalogue, parseDepartmentInstance(actor).code, d.measure)!;
  checkRules(
    new NoticesAreTriggeredNotImposed(measure),
    new MeasureMustFitSubjectKind(measure, d.subject),
    new PersonNameIsNotAccepted(d.subject, d.personName),
    new RatingMustMatchMeasure(measure, d.rating),
    ...(d.rating ? [new RatingSchemeAndGradeMustBeKnown(catalogue, actor, d.rating)] : []),
    new DayMustExist(d.startsOn, 'startsOn'),
    new DayMustExist(d.endsOn, 'endsOn'),
    new SanctionMustNotEndBeforeStart(d.startsOn, d.endsOn, 'endsOn'),
    ...(d.rating ? [new RatingSchemeMustBeInForceOnStart(catalogue, d.rating, d.startsOn)] : []),
    new SanctionIdMustBeNew(state, d.sanctionId),
  );
  const imposed: SanctionImposed = {
    sanctionId: d.sanctionId,
    subject: d.subject,
    department: actor,
    measure: measure.id,
    measureKind: measure.kind,
    catalogueVersion: catalogue.version,
    ...(d.rating ? { rating: { scheme: d.rating.scheme, grade: d.rating.grade } } : {}),
    legalBasis: d.legalBasis,
    caseIds: [...d.caseIds],
    findingEventIds: [...d.findingEventIds],
    startsOn: d.startsOn,
    ...(d.endsOn ? { endsOn: d.endsOn } : {}),
  };
  return [{ type: 'SanctionImposed', data: imposed }, ...memorandumRecords(imposed, catalogue, d.triggeredSanctionIds, ctx.firstEventId)];
}

/**
 * 联合惩戒备忘录: the records the imposed measure triggers in other departments (same region),
 * each citing the triggering event and rule. Triggered records trigger nothing further.
 */
function memorandumRecords(trigger: SanctionImposed, catalogue: SanctionCatalogue, ids: readonly string[], triggerEventId: string): SubjectEvent[] {
  const { code, region } = parseDepartmentInstance(trigger.department);
  const targets = triggeredBy(catalogue, code, trigger.measure, trigger.rating?.grade).flatMap((rule) => rule.then.map((then) => ({ rule, then })));
  // A programming error (the application derives too few ids), not a refusal.
  if (targets.length > ids.length) throw new RangeError(`the memorandum triggers ${targets.length} records; ${ids.length} ids given`);
  return targets.map(({ rule, then }, i) => {
    const measure = findMeasure(catalogue, then.department, then.measure)!;
    const { rating: _rating, trigger: _none, ...rest } = trigger;
    return {
      type: 'SanctionImposed',
      data: {
        ...rest,
        sanctionId: ids[i],
        department: `${then.department}:${region}`,
        recipient: `${then.department}:${region}`,
        measure: measure.id,
        measureKind: measure.kind,
        legalBasis: `联合惩戒备忘录 ${rule.id} (${catalogue.version}); ${trigger.legalBasis}`,
        trigger: { eventId: triggerEventId, sanctionId: trigger.sanctionId, rule: rule.id, memorandumVersion: catalogue.version },
      },
    };
  });
}

function endable(state: SubjectState, sanctionId: string, actor: string, effectiveOn: string): SanctionState {
  const sanction = state.sanctions[sanctionId];
  checkRules(new SanctionMustExist(sanction));
  checkRules(
    new OnlySanctioningDepartmentMayEnd(sanction, actor),
    new TriggeredRecordEndsWithTrigger(sanction),
    new SanctionMustBeInForce(sanction),
    new DayMustExist(effectiveOn, 'effectiveOn'),
    new SanctionMustNotEndBeforeStart(sanction.startsOn, effectiveOn, 'effectiveOn'),
  );
  return sanction;
}

/** The ending of a sanction, then the same ending of every in-force record it triggered, citing the first. */
function ending(state: SubjectState, sanction: SanctionState, ctx: SubjectDecisionContext, make: (sanctionId: string, causeEventId?: string) => SubjectEvent): SubjectEvent[] {
  return [make(sanction.sanctionId), ...triggeredRecordsOf(state, sanction.sanctionId).map((t) => make(t.sanctionId, ctx.firstEventId))];
}
