import type { RegisterClueDto } from '@cluebus/contracts';
import { IdTokenizer } from '../../identity/id-tokenizer';
import type { PersonalDataVault, SealRequest } from '../vault/personal-data-vault';
import { PersonalDataSealer } from './personal-data-sealer';

const CLUE = '01937a8e-5c2b-7b1e-9a3f-6f0e2d4c8b10';
const NHC = 'nhc:341300';

/** Records what would be sealed; commitments are stand-ins (the vault's own are tested against its tables). */
function recordingVault() {
  const calls: { owner: string; requests: readonly SealRequest[] }[] = [];
  const vault = {
    seal: async (owner: string, requests: readonly SealRequest[]) => {
      calls.push({ owner, requests });
      return { sealed: requests.map((r) => ({ token: r.token, commitments: Object.fromEntries(Object.keys(r.values).map((f) => [f, 'c'.repeat(64)])) })), undo: async () => undefined };
    },
  } as unknown as PersonalDataVault;
  return { vault, calls };
}

describe('PersonalDataSealer', () => {
  const tokenizer = new IdTokenizer('unit-test-key-0123456789');

  it('given an enterprise, a person with an ID number, an official without one and a named reporter, when sealed, then only tokens and commitments remain and the vault gets the clear values', async () => {
    const { vault, calls } = recordingVault();
    const body: Pick<RegisterClueDto, 'subjects' | 'reporter'> = {
      subjects: [
        { kind: 'enterprise', name: '某医药有限公司', uscc: '91330100716105852F', role: 'briber' },
        { kind: 'person', name: '张某', idNumber: '11010519491231002X', role: 'bribe-taker' },
        { kind: 'official', name: '李某', isOfficial: true },
      ],
      reporter: { anonymous: false, name: '王某', contact: '13800000000' },
    };
    const sealed = await new PersonalDataSealer(vault, tokenizer).sealRegistration(CLUE, NHC, body);

    const idToken = tokenizer.tokenize('11010519491231002X');
    expect(sealed.subjects).toEqual([
      { kind: 'enterprise', name: '某医药有限公司', uscc: '91330100716105852F', role: 'briber' },
      { kind: 'person', role: 'bribe-taker', idToken, personalData: { token: idToken, commitments: { name: 'c'.repeat(64), idNumber: 'c'.repeat(64) } } },
      { kind: 'official', isOfficial: true, personalData: { token: tokenizer.subjectToken(CLUE, 2), commitments: { name: 'c'.repeat(64) } } },
    ]);
    expect(sealed.reporter).toEqual({ anonymous: false, personalData: { token: tokenizer.reporterToken(CLUE), commitments: { name: 'c'.repeat(64), contact: 'c'.repeat(64) } } });
    expect(JSON.stringify([sealed.subjects, sealed.reporter])).not.toMatch(/张某|李某|王某|13800000000|11010519491231002X/);
    expect(calls).toEqual([
      {
        owner: NHC,
        requests: [
          { token: idToken, record: `${CLUE}/subjects/1`, values: { name: '张某', idNumber: '11010519491231002X' } },
          { token: tokenizer.subjectToken(CLUE, 2), record: `${CLUE}/subjects/2`, values: { name: '李某' } },
          { token: tokenizer.reporterToken(CLUE), record: `${CLUE}/reporter`, values: { name: '王某', contact: '13800000000' } },
        ],
      },
    ]);
  });

  it('given an anonymous reporter, when sealed, then nothing of the reporter goes to the vault', async () => {
    const { vault, calls } = recordingVault();
    const sealed = await new PersonalDataSealer(vault, tokenizer).sealRegistration(CLUE, NHC, { subjects: [{ kind: 'enterprise', name: '某公司', uscc: '91330100716105852F' }], reporter: { anonymous: true } });
    expect(sealed.reporter).toEqual({ anonymous: true });
    expect(calls[0]!.requests).toEqual([]);
  });

  it('given the tokens of one key, when derived, then each kind differs from the others and is stable', () => {
    const tokens = [tokenizer.tokenize('11010519491231002X'), tokenizer.subjectToken(CLUE, 0), tokenizer.reporterToken(CLUE)];
    expect(new Set(tokens).size).toBe(3);
    expect(tokenizer.subjectToken(CLUE, 0)).toBe(new IdTokenizer('unit-test-key-0123456789').subjectToken(CLUE, 0));
    for (const t of tokens) expect(t).toMatch(/^(idt1|pdt1|rpt1):[0-9a-f]{64}$/);
  });
});
