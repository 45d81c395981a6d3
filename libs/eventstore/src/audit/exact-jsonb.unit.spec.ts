import { expandExponent, isStoredFormOfDouble, jsonbNumbersExact } from './exact-jsonb';

/**
 * The exact reader's number check (exact-jsonb.ts, docs/adr/0007). The PostgreSQL forms
 * below are what `SELECT '[…]'::jsonb::text` printed on PostgreSQL 15 for the JSON that
 * JSON.stringify writes.
 */
describe('the exact reading of stored jsonb numbers', () => {
  it.each([
    ['1e+21', '1000000000000000000000'],
    ['1.2e+21', '1200000000000000000000'],
    ['1.5e-7', '0.00000015'],
    ['1e-7', '0.0000001'],
    ['-1e-7', '-0.0000001'],
    ['5e-324', `0.${'0'.repeat(323)}5`],
    ['1.7976931348623157e+308', `17976931348623157${'0'.repeat(292)}`],
    ['12345.67', '12345.67'],
    ['123456789012345680000', '123456789012345680000'],
  ])('given JSON.stringify wrote %s, when PostgreSQL stores it, then it prints %s, which reads as the stored form of that double', (js, stored) => {
    expect(expandExponent(js)).toBe(stored);
    expect(isStoredFormOfDouble(stored)).toBe(true);
    expect(String(Number(stored))).toBe(js);
  });

  it.each([
    ['12345.670000000000001', 'more digits than the double holds'],
    ['1.50', 'a trailing zero JSON.stringify never writes'],
    ['9007199254740993', 'an integer above 2^53 that reads as 9007199254740992'],
    ['0.10000000000000001', 'the double 0.1 written with 17 digits'],
    ['1.0', 'an integer with a fraction'],
  ])('given a stored number %s (%s), when it is checked, then it is not the stored form of any double JSON.stringify wrote', (stored) => {
    expect(isStoredFormOfDouble(stored)).toBe(false);
  });

  it('given jsonb text, when its numbers are checked, then numbers inside strings (and escaped quotes) are left alone', () => {
    expect(jsonbNumbersExact('{"a": "1.50", "b": 1.5, "c": [1, -2, 0.00000015]}')).toBe(true);
    expect(jsonbNumbersExact('{"s": "x\\"1.50\\" y", "n": [1, 2.5]}')).toBe(true);
    expect(jsonbNumbersExact('{"a": 1.50}')).toBe(false);
    expect(jsonbNumbersExact('{"amountYuan": 12345.670000000000001, "clueId": "0001"}')).toBe(false);
    expect(jsonbNumbersExact('{}')).toBe(true);
  });

  it('given many random doubles, when written as JSON.stringify does and stored as PostgreSQL prints them, then each reads back as exact', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let i = 0; i < 5000; i++) {
      const x = (next() - 0.5) * 10 ** Math.floor(next() * 60 - 30);
      expect(isStoredFormOfDouble(expandExponent(String(x)))).toBe(true);
    }
  });

  it('given random JSON with numbers inside and outside strings, escapes and nesting, when checked, then the verdict is that of matching every token with a regular expression', () => {
    const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
    const byRegex = (text: string) => [...text.matchAll(TOKENS)].every((m) => m[0].startsWith('"') || isStoredFormOfDouble(m[0]));
    const pieces = ['1.50', '1.5', '-0.00000015', '12345.670000000000001', '0', '-7', '1e+21', 'true', 'null', '"a\\\\"', '"x\\\\\\\\"', '"\\"1.50\\""', '"1.50"', '"款 1.0"', '[]', '{}'];
    let seed = 11;
    const next = (k: number) => (seed = (seed * 48271) % 2147483647) % k;
    for (let i = 0; i < 3000; i++) {
      const values = Array.from({ length: 1 + next(6) }, () => pieces[next(pieces.length)]);
      const text = next(2) === 0 ? `[${values.join(', ')}]` : `{${values.map((v, k) => `"k${k}\\"": ${v}`).join(', ')}}`;
      JSON.parse(text); // valid JSON, as the reader hands over
      expect(jsonbNumbersExact(text)).toBe(byRegex(text));
    }
  });
});
