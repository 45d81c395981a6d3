import type { RecordedEvent } from '@cluebus/contracts';
import { checkEventContent } from '@cluebus/audit';
import { buildSampleLog } from '../../../audit/test/sample-log';
import { contentCheckAt, digestLogPage, hashAt, prevHashAt } from './page-digest';

/**
 * A page's text as PostgreSQL prints it (log-page.ts), for events whose recordedAt has whole
 * milliseconds: the header as json_build_array prints it, the jsonb columns as JSON.
 */
function lineOf(e: RecordedEvent): string {
  const header = [e.globalPosition, e.streamId, e.streamPosition, e.eventId, e.type, e.schemaVersion, Date.parse(e.recordedAt), e.prevHash, e.hash];
  return `${JSON.stringify(header).replace(/,/g, ', ')}\t${JSON.stringify(e.data)}\t${JSON.stringify(e.metadata)}`;
}

describe('digestLogPage', () => {
  const log = buildSampleLog(500, { seed: 3 });
  const text = log.map(lineOf).join('\n');

  it('given the lines of a sealed log, when digested, then each row has its position, hashes and the verdict checkEventContent gives', () => {
    const digest = digestLogPage(text, log.length, 'sha256');
    expect(digest.count).toBe(log.length);
    log.forEach((e, i) => {
      expect([digest.positions[i], prevHashAt(digest, i), hashAt(digest, i)]).toEqual([e.globalPosition, e.prevHash, e.hash]);
      const [check, expected] = [contentCheckAt(digest, i), checkEventContent(e)];
      expect(check.ok && expected.ok && Buffer.from(check.leaf).equals(expected.leaf)).toBe(true);
    });
  });

  it('given a row whose content was changed, when digested, then the digest ends at that row with a hash verdict', () => {
    const changed = log.map((e, i) => (i === 123 ? lineOf({ ...e, type: `${e.type}x` }) : lineOf(e))).join('\n');
    const digest = digestLogPage(changed, log.length, 'sha256');
    expect(digest.count).toBe(124);
    expect(contentCheckAt(digest, 122).ok).toBe(true);
    expect(contentCheckAt(digest, 123)).toEqual({ ok: false, failure: 'hash' });
  });

  it('given a number jsonb would print with a trailing zero, when digested, then that row reads as inexact and its hash fails', () => {
    const i = log.findIndex((e) => typeof e.data.amountYuan === 'number' && !Number.isInteger(e.data.amountYuan));
    const line = lineOf(log[i]).replace(/"amountYuan":(-?[\d.]+)/, '"amountYuan":$10');
    const digest = digestLogPage(line, 1, 'sha256');
    expect(contentCheckAt(digest, 0)).toEqual({ ok: false, failure: 'hash' });
  });

  it('given a stored hash that is not 64 characters, when digested, then every row keeps its own hashes', () => {
    const odd = log.map((e, i) => lineOf(i === 7 ? { ...e, hash: 'short' } : e)).join('\n');
    const digest = digestLogPage(odd, log.length, 'sha256');
    expect(digest.packedHashes).toBeUndefined();
    expect([prevHashAt(digest, 7), hashAt(digest, 7), prevHashAt(digest, 6), hashAt(digest, 6)]).toEqual([log[7].prevHash, 'short', log[6].prevHash, log[6].hash]);
  });

  it('given a text with more or fewer rows than were read, when digested, then it is refused', () => {
    expect(() => digestLogPage(text, log.length + 1, 'sha256')).toThrow('500 rows, 501 were read');
    expect(() => digestLogPage(text, log.length - 1, 'sha256')).toThrow('more than the 499 rows');
  });
});
