import type { PersonalDataEvent } from '@cluebus/contracts';
import { checkRules } from '../clue/rules/business-rule';
import type { PersonalDataCommand, PersonalDataDecisionContext } from './personal-data-commands';
import type { PersonalDataState } from './personal-data-state';
import { OnlyRegistrarMayErase, PersonalDataMustBeKnown } from './rules/erasure-rules';

/**
 * Erasure by crypto-shredding: the registrar's data key goes, a PersonalDataErased records which
 * generation of it. Idempotent: once that generation's erasure is recorded there is nothing new
 * to say — no event. The handler shreds whenever the command is accepted, so a crash between
 * the two steps heals on retry.
 */
export function decidePersonalData(command: PersonalDataCommand, state: PersonalDataState, ctx: PersonalDataDecisionContext): PersonalDataEvent[] {
  const { token, scope } = command.data;
  checkRules(new PersonalDataMustBeKnown(ctx.holdings), new OnlyRegistrarMayErase(ctx.holdings, ctx.actor));
  const keyGeneration = ctx.holdings.find((h) => h.owner === ctx.actor)!.keyGeneration;
  const recorded = state.erasedGeneration[ctx.actor];
  if (recorded !== undefined && recorded >= keyGeneration) return [];
  return [{ type: 'PersonalDataErased', data: { token, scope, erasedBy: ctx.actor, keyGeneration } }];
}
