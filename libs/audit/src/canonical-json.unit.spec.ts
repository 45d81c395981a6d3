import { sampleEvents } from '../test/sample-log';
import { seededRandom } from '../test/seeded-random';
import { canonicalJson, generalCanonicalJson } from './canonical-json';
import { hashedContent } from './hashed-content';
import { independentCanonicalJson } from './independent-event-verifier';

/** Random JSON text of nested objects and arrays with awkward keys and values. */
function randomJson(rnd: ReturnType<typeof seededRandom>, depth: number): unknown {
  const keys = ['a', 'B', 'é', '款', '😀', '\u007f', '"q"', 'back\\slash', '\n', '__proto__', 'toJSON', 'constructor', '-1', '1e3', '', ' ', 'ab', 'aa', 'a\u0000'];
  const leaves: unknown[] = [null, true, false, 0, -0, 1.5, -1e-7, 1e21, 12345.67, 2 ** 53 + 2, 'x', '线索\t"回扣"', '\ud800', ''];
  const kind = depth <= 0 ? 0 : rnd.int(0, 2);
  if (kind === 0) return rnd.pick(leaves);
  if (kind === 1) return Array.from({ length: rnd.int(0, 4) }, () => randomJson(rnd, depth - 1));
  // Built as JSON text and parsed, as every stored event is: __proto__ is then an own key.
  const members = Array.from({ length: rnd.int(0, 5) }, () => `${JSON.stringify(rnd.pick(keys))}:${JSON.stringify(randomJson(rnd, depth - 1))}`);
  return JSON.parse(`{${members.join(',')}}`);
}

describe('canonicalJson', () => {
  describe('given events read back from JSON (the fast path)', () => {
    const events = sampleEvents(2000, { seed: 7 }).map((e) => JSON.parse(JSON.stringify(hashedContent(e))) as unknown);

    it('when encoded, then the bytes are those of the general encoder and of the independent one', () => {
      for (const e of events) {
        const fast = canonicalJson(e);
        expect(fast).toBe(generalCanonicalJson(e));
        expect(fast).toBe(independentCanonicalJson(e));
      }
    });
  });

  describe('given random nested JSON with awkward keys (__proto__, toJSON, escapes, astral and lone surrogates)', () => {
    it('when encoded, then both encoders agree on every value', () => {
      const rnd = seededRandom(20261203);
      for (let i = 0; i < 3000; i++) {
        const value = randomJson(rnd, 4);
        expect(canonicalJson(value)).toBe(generalCanonicalJson(value));
      }
    });
  });

  describe('given values the fast path must leave to the general encoder', () => {
    const cases: Array<[string, unknown, string]> = [
      ['index-like keys, which objects enumerate first', JSON.parse('{"b":1,"10":2,"9":3,"a":4}'), '{"10":2,"9":3,"a":4,"b":1}'],
      ['an undefined member (left out) and undefined in an array (null)', { b: undefined, a: [undefined, 1] }, '{"a":[null,1]}'],
      ['a Date (toJSON)', { at: new Date(0) }, '{"at":"1970-01-01T00:00:00.000Z"}'],
      ['a nested index-like key', { x: [{ '0': 'z', y: 1 }] }, '{"x":[{"0":"z","y":1}]}'],
      ['a __proto__ key set as an own property', JSON.parse('{"__proto__":{"b":2,"a":1},"z":0}'), '{"__proto__":{"a":1,"b":2},"z":0}'],
    ];
    it.each(cases)('when it holds %s, then the bytes are canonical', (_what, value, expected) => {
      expect(canonicalJson(value)).toBe(expected);
      expect(generalCanonicalJson(value)).toBe(expected);
    });

    it('when a number is not finite, or a bigint or function appears, then it is refused as before', () => {
      expect(() => canonicalJson({ a: Number.NaN })).toThrow('non-finite');
      expect(() => canonicalJson([Infinity])).toThrow('non-finite');
      expect(() => canonicalJson({ a: 1n })).toThrow('bigint');
      expect(() => canonicalJson({ f: () => 1 })).toThrow('unsupported type function');
    });
  });
});
