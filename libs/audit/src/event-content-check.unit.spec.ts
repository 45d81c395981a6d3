import type { RecordedEvent } from '@cluebus/contracts';
import { buildSampleLog } from '../test/sample-log';
import { checkEventContent } from './event-content-check';
import { chainHashFromBytes, eventContentBytes, type HashAlgorithm } from './event-hash';
import { leafHash } from './merkle';

describe('checkEventContent', () => {
  describe.each<HashAlgorithm>(['sha256', 'sm3'])('given a sealed sample log (%s)', (algorithm) => {
    const log = buildSampleLog(300, { seed: 5, algorithm });

    it('when each event is checked, then it holds and its leaf is leafHash of its canonical bytes', () => {
      for (const e of log) {
        const check = checkEventContent(e, algorithm);
        expect(check).toEqual({ ok: true, leaf: leafHash(eventContentBytes(e), algorithm) });
      }
    });

    it('when one character of its content or its hash is changed, then the hash check fails', () => {
      const e = log[42];
      expect(checkEventContent({ ...e, type: `${e.type}x` }, algorithm)).toEqual({ ok: false, failure: 'hash' });
      expect(checkEventContent({ ...e, hash: e.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }, algorithm)).toEqual({ ok: false, failure: 'hash' });
    });
  });

  describe('given events the one-shot path does not take', () => {
    const [first] = buildSampleLog(1, { seed: 6 });

    it('when prevHash is not 64 lowercase hex digits, then the verdict is that of chainHashFromBytes over the same bytes', () => {
      for (const prevHash of ['ABC', first.prevHash.toUpperCase().replace(/0/g, 'A'), 'zz', '']) {
        const e = { ...first, prevHash };
        const hash = chainHashFromBytes(prevHash, eventContentBytes(e));
        expect(checkEventContent({ ...e, hash })).toEqual({ ok: true, leaf: leafHash(eventContentBytes(e)) });
        expect(checkEventContent(e)).toEqual({ ok: false, failure: 'hash' });
      }
    });

    it('when an event is larger than the scratch buffer, then it is hashed whole', () => {
      const big: RecordedEvent = { ...first, data: { text: '线索'.repeat(100_000) } };
      const bytes = eventContentBytes(big);
      const sealed = { ...big, hash: chainHashFromBytes(big.prevHash, bytes) };
      expect(checkEventContent(sealed)).toEqual({ ok: true, leaf: leafHash(bytes) });
      expect(checkEventContent(first)).toEqual({ ok: true, leaf: leafHash(eventContentBytes(first)) });
    });

    it('when the content cannot be encoded, then the verdict says why', () => {
      expect(checkEventContent({ ...first, data: { n: Number.NaN } })).toEqual({ ok: false, failure: 'encoding', message: 'canonicalJson: non-finite number' });
    });
  });
});
