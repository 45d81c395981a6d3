import { createHash } from 'node:crypto';
import { buildSampleLog } from '../test/sample-log';
import { canonicalJson } from './canonical-json';
import { chainHash, chainHashFromBytes, eventContentBytes, eventContentJson, GENESIS_HASH, HASHED_CONTENT_KEYS, hashedContent } from './event-hash';

describe('event-hash', () => {
  const [first, second] = buildSampleLog(2, { seed: 4 });

  describe('given a stored event', () => {
    it('when its content is serialised, then it is the canonical JSON of everything but the hashes', () => {
      expect(eventContentBytes(first).toString('utf8')).toBe(canonicalJson(hashedContent(first)));
      expect(eventContentBytes(first).toString('utf8')).not.toMatch(/"prevHash"|"hash"/);
    });

    it('when it is chain-hashed from pre-serialised bytes, then the hash is the same as chainHash', () => {
      expect(chainHashFromBytes(first.prevHash, eventContentBytes(first))).toBe(chainHash(first.prevHash, first));
      expect(chainHashFromBytes(second.prevHash, eventContentBytes(second), 'sm3')).toBe(chainHash(second.prevHash, second, 'sm3'));
    });

    it('when the chain is followed, then each hash is H(prevHash bytes ‖ canonical content)', () => {
      expect(first.prevHash).toBe(GENESIS_HASH);
      expect(second.prevHash).toBe(first.hash);
      const expected = createHash('sha256').update(Buffer.from(first.hash, 'hex')).update(eventContentBytes(second)).digest('hex');
      expect(second.hash).toBe(expected);
    });
  });
});

describe('eventContentJson', () => {
  const log = buildSampleLog(1000, { seed: 21 });

  it('given the members it puts in order, when compared with hashedContent, then they are its keys, sorted', () => {
    expect([...HASHED_CONTENT_KEYS]).toEqual(Object.keys(hashedContent(log[0]) as object).sort());
  });

  it('given sealed events, when encoded, then the text is canonicalJson of their hashed content, and encoding changes nothing', () => {
    for (const e of log) {
      const before = JSON.stringify(e);
      expect(eventContentJson(e)).toBe(canonicalJson(hashedContent(e)));
      expect(JSON.stringify(e)).toBe(before);
    }
  });

  it('given values that are not plain JSON (a Date, undefined, index-like keys), when encoded, then it is still canonicalJson of the hashed content', () => {
    const [e] = log;
    for (const odd of [
      { ...e, data: { at: new Date(0), n: undefined } },
      { ...e, metadata: { ...e.metadata, legalBasis: undefined } },
      { ...e, data: JSON.parse('{"10":1,"9":2,"b":[{"1":0}]}') as Record<string, unknown> },
    ]) {
      expect(eventContentJson(odd)).toBe(canonicalJson(hashedContent(odd)));
    }
    expect(() => eventContentJson({ ...e, data: { x: Number.NaN } })).toThrow('non-finite');
  });
});
