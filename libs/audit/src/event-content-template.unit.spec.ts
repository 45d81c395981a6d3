import { buildSampleLog } from '../test/sample-log';
import { chainHashOfParts, eventContentTemplate } from './event-content-template';
import { chainHash, eventContentJson } from './event-hash';

describe('eventContentTemplate', () => {
  const log = buildSampleLog(1000, { seed: 33 });

  it('given sealed events, when their template is spliced with their positions, then it is their canonical content byte for byte', () => {
    for (const e of log) {
      const t = eventContentTemplate(e);
      expect(t.head + e.globalPosition + t.middle + e.streamPosition + t.tail).toBe(eventContentJson(e));
    }
  });

  it('given values that are not plain JSON and text that needs escaping, when spliced, then it is still the canonical content', () => {
    const [e] = log;
    for (const odd of [
      { ...e, data: { at: new Date(0), n: undefined, quote: '"\\\u2028\u0001', 案由: '受贿' } },
      { ...e, data: JSON.parse('{"10":1,"9":2,"b":[{"1":0}]}') as Record<string, unknown> },
      { ...e, streamId: 'clue-"odd"', type: 'ClueRegistered\n', globalPosition: 9_007_199_254_740_991, streamPosition: 0 },
    ]) {
      const t = eventContentTemplate(odd);
      expect(t.head + odd.globalPosition + t.middle + odd.streamPosition + t.tail).toBe(eventContentJson(odd));
    }
  });

  it('given a template, when its splice is chain-hashed, then the hash is chainHash of the event, for both algorithms', () => {
    for (const e of log.slice(0, 50)) {
      const t = eventContentTemplate(e);
      const parts = [t.head, String(e.globalPosition), t.middle, String(e.streamPosition), t.tail];
      expect(chainHashOfParts(e.prevHash, parts)).toBe(e.hash);
      expect(chainHashOfParts(e.prevHash, parts, 'sm3')).toBe(chainHash(e.prevHash, e, 'sm3'));
    }
  });

  it('given a wrong position, when spliced and hashed, then the hash differs', () => {
    const [e] = log;
    const t = eventContentTemplate(e);
    expect(chainHashOfParts(e.prevHash, [t.head, String(e.globalPosition + 1), t.middle, String(e.streamPosition), t.tail])).not.toBe(e.hash);
  });
});
