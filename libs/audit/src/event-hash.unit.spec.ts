import { createHash } from 'node:crypto';
import { buildSampleLog } from '../test/sample-log';
import { canonicalJson } from './canonical-json';
import { chainHash, chainHashFromBytes, eventContentBytes, GENESIS_HASH, hashedContent } from './event-hash';

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
