import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSampleLog } from '../test/sample-log';
import { canonicalJson } from './canonical-json';
import { independentCanonicalJson, independentLeafHash } from './independent-event-verifier';
import { eventLeafHash } from './merkle';

describe('independent-event-verifier', () => {
  describe('given its source file', () => {
    it('when its imports are listed, then it needs node:crypto and proof-verifier only', () => {
      const source = readFileSync(join(__dirname, 'independent-event-verifier.ts'), 'utf8');
      const imports = [...source.matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
      expect(imports.sort()).toEqual(['./proof-verifier', 'node:crypto']);
    });
  });

  describe('given the project encoder and the restated one', () => {
    const tricky: unknown[] = [
      { b: 1, a: [1, 'x', null, undefined, true], c: { z: 0.1, y: -0, x: 1e21, w: 1e-7 } },
      { é: 1, e: 2, '\u{1F600}': 3, '\uFFFF': 4, '10': 5, '9': 6, '': 7 },
      { when: new Date(Date.UTC(2025, 0, 6)), gone: undefined, text: '线索"移交"\n\u2028\u0001' },
      [[], {}, [{}], 'a\\b'],
      123456789012345680000,
    ];

    it.each(tricky.map((v) => [JSON.stringify(v) ?? String(v), v]))('when %s is encoded, then both encodings are identical', (_label, value) => {
      expect(independentCanonicalJson(value)).toBe(canonicalJson(value));
    });

    it('when every event of a sample log is hashed to a leaf, then both leaf hashes agree', () => {
      for (const e of buildSampleLog(300, { seed: 5 })) {
        expect(independentLeafHash(e).equals(eventLeafHash(e))).toBe(true);
        expect(independentLeafHash(e, 'sm3').equals(eventLeafHash(e, 'sm3'))).toBe(true);
      }
    });

    it('when a value is not JSON, then both refuse it', () => {
      for (const bad of [Number.NaN, Infinity, 10n, () => 1, Symbol('s')]) {
        expect(() => independentCanonicalJson(bad)).toThrow(TypeError);
        expect(() => canonicalJson(bad)).toThrow(TypeError);
      }
    });
  });
});
