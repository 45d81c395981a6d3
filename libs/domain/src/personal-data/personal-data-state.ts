import type { PersonalDataEvent } from '@cluebus/contracts';

/** The erasures recorded under one token: per department instance, the last key generation it erased. */
export interface PersonalDataState {
  readonly erasedGeneration: Readonly<Record<string, number>>;
}

export const initialPersonalDataState = (): PersonalDataState => ({ erasedGeneration: {} });

export function evolvePersonalData(state: PersonalDataState, event: PersonalDataEvent): PersonalDataState {
  switch (event.type) {
    case 'PersonalDataErased':
      return { erasedGeneration: { ...state.erasedGeneration, [event.data.erasedBy]: event.data.keyGeneration } };
    default:
      return state;
  }
}
