import type { PersonalDataEvent } from '@cluebus/contracts';
import type { Decider } from '../decider';
import type { PersonalDataCommand, PersonalDataDecisionContext } from './personal-data-commands';
import { evolvePersonalData, initialPersonalDataState, type PersonalDataState } from './personal-data-state';
import { decidePersonalData } from './decide-personal-data';

/** The PersonalData aggregate (stream `personal-data-<token>`) as a Decider, for the one command path. */
export const personalDataDecider: Decider<PersonalDataCommand, PersonalDataEvent, PersonalDataState, PersonalDataDecisionContext> = {
  initialState: initialPersonalDataState,
  evolve: evolvePersonalData,
  decide: decidePersonalData,
};
