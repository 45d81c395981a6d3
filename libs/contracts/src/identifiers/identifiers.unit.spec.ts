import { isValidUscc, usccCheckCharacter } from './uscc';
import { isValidResidentId, residentIdCheckCharacter } from './resident-id';

// Published codes of real enterprises (Huawei, Tencent, Alibaba, a Beijing SOE): independent of our code.
const VALID_USCC = ['914403001922038216', '9144030071526726XG', '91330100716105852F', '911100001000044477'];

describe('USCC (GB 32100-2015)', () => {
  it('given well-formed codes with correct check characters, when validated, then they pass', () => {
    for (const code of VALID_USCC) expect({ code, ok: isValidUscc(code) }).toEqual({ code, ok: true });
  });

  it('given each valid code with every other check character, when validated, then it fails', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (const code of VALID_USCC) {
      for (const c of alphabet) {
        if (c === code[17]) continue;
        expect(isValidUscc(code.slice(0, 17) + c)).toBe(false);
      }
    }
  });

  it('given a single corrupted body character, when validated, then it fails', () => {
    const code = VALID_USCC[2];
    const corrupted = code.slice(0, 10) + (code[10] === '1' ? '2' : '1') + code.slice(11);
    expect(isValidUscc(corrupted)).toBe(false);
  });

  it('given forbidden letters I O S V Z, lower case or a wrong length, when validated, then it fails', () => {
    for (const bad of ['91440300192203821', '9144030019220382166', '9144030019220382I6', '9144030071526726xg', 'O14403001922038216', '', 42]) {
      expect(isValidUscc(bad)).toBe(false);
    }
  });

  it('given the weights 1,3,9,…,28, when the check is computed for a zero body, then it is 0', () => {
    expect(usccCheckCharacter('00000000000000000')).toBe('0');
  });
});

describe('resident ID (GB 11643-1999)', () => {
  it("given the standard's own example 11010519491231002X, when validated, then it passes", () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
  });

  it('given the example with any other check character, when validated, then it fails', () => {
    for (const c of '0123456789') expect(isValidResidentId(`11010519491231002${c}`)).toBe(false);
  });

  it('given a transposed or altered digit, when validated, then it fails', () => {
    expect(isValidResidentId('11010519491231020X')).toBe(false);
    expect(isValidResidentId('11010519491231003X')).toBe(false);
  });

  it('given an impossible birth date, lower-case x or a wrong length, when validated, then it fails', () => {
    const withCheck = (s: string) => s + residentIdCheckCharacter(s);
    expect(isValidResidentId(withCheck('11010519490231002'))).toBe(false); // 1949-02-31 does not exist
    expect(isValidResidentId('11010519491231002x')).toBe(false);
    expect(isValidResidentId('1101051949123100')).toBe(false);
  });
});
