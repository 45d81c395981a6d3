import type { PersonalDataEvent } from '@cluebus/contracts';
import { DeciderSpecification } from '../testing/decider-specification';
import type { ErasePersonalData, VaultHolding } from './personal-data-commands';
import { personalDataDecider } from './personal-data-decider';
import { OnlyRegistrarMayErase, PersonalDataMustBeKnown } from './rules/erasure-rules';

const given = DeciderSpecification.for(personalDataDecider);
const TOKEN = `idt1:${'a'.repeat(64)}`;
const NHC = 'nhc:341300';
const SAMR = 'samr:341300';
const erase: ErasePersonalData = { type: 'ErasePersonalData', data: { token: TOKEN, scope: 'subject' } };
const by = (actor: string, ...holdings: VaultHolding[]) => ({ actor, holdings });
const erased = (keyGeneration: number, erasedBy = NHC): PersonalDataEvent => ({ type: 'PersonalDataErased', data: { token: TOKEN, scope: 'subject', erasedBy, keyGeneration } });

describe('decidePersonalData (删除个人信息 by crypto-shredding)', () => {
  it('given data nhc sealed, when nhc erases it, then PersonalDataErased names the token, the scope, nhc and the key generation — and no personal data', () => {
    given([]).when(erase, by(NHC, { owner: NHC, keyGeneration: 1 })).then([erased(1)]);
  });

  it('given that generation\'s erasure recorded, when nhc erases again, then nothing new is recorded (idempotent)', () => {
    given([erased(1)]).when(erase, by(NHC, { owner: NHC, keyGeneration: 1 })).then([]);
  });

  it('given data sealed again after an erasure (a later clue, a new key), when nhc erases, then the new generation\'s erasure is recorded', () => {
    given([erased(1)]).when(erase, by(NHC, { owner: NHC, keyGeneration: 2 })).then([erased(2)]);
  });

  it('given data nhc sealed and samr erased its own copy, when nhc erases, then nhc\'s erasure is recorded too', () => {
    given([erased(1, SAMR)]).when(erase, by(NHC, { owner: NHC, keyGeneration: 1 }, { owner: SAMR, keyGeneration: 1 })).then([erased(1)]);
  });

  it('given data nhc sealed, when samr asks to erase it, then ONLY_REGISTRAR_MAY_ERASE (403) on token', () => {
    given([]).when(erase, by(SAMR, { owner: NHC, keyGeneration: 1 })).thenThrows('ONLY_REGISTRAR_MAY_ERASE', { field: 'token', kind: 'forbidden' });
  });

  it('given nothing held under the token, when anyone erases, then PERSONAL_DATA_NOT_FOUND (404) on token', () => {
    given([]).when(erase, by(NHC)).thenThrows('PERSONAL_DATA_NOT_FOUND', { field: 'token', kind: 'not-found' });
  });

  it('names its rules', () => {
    expect(new PersonalDataMustBeKnown([]).name).toBe('PersonalDataMustBeKnown');
    expect(new OnlyRegistrarMayErase([], NHC).name).toBe('OnlyRegistrarMayErase');
  });
});
