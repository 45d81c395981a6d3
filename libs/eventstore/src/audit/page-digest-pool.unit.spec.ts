import type { RecordedEvent } from '@cluebus/contracts';
import { buildSampleLog } from '../../../audit/test/sample-log';
import { digestLogPage, type PageDigest } from './page-digest';
import { PageDigestPool } from './page-digest-pool';

/** Lines as log-page.ts reads them (recordedAt with whole milliseconds). */
const lineOf = (e: RecordedEvent) =>
  `${JSON.stringify([e.globalPosition, e.streamId, e.streamPosition, e.eventId, e.type, e.schemaVersion, Date.parse(e.recordedAt), e.prevHash, e.hash])}\t${JSON.stringify(e.data)}\t${JSON.stringify(e.metadata)}`;

/** A digest's typed arrays as plain values (those from the worker belong to another realm). */
const plain = (d: PageDigest | undefined) => d && { ...d, positions: [...d.positions], verdicts: [...d.verdicts], leaves: Buffer.from(d.leaves).toString('hex') };

describe('PageDigestPool', () => {
  const log = buildSampleLog(300, { seed: 9 });
  const text = log.map(lineOf).join('\n');
  let pool: PageDigestPool;

  beforeAll(() => {
    pool = new PageDigestPool(1);
  });

  afterAll(async () => {
    await pool.close();
  });

  it('given a worker still loading, when a page is offered, then it is left to the caller', () => {
    expect(pool.tryDigest(text, log.length, 'sha256')).toBeUndefined();
  });

  it('given the worker loaded, when a page is digested there, then the digest is the one digestLogPage gives here', async () => {
    await pool.ready();
    const onWorker = pool.tryDigest(text, log.length, 'sha256');
    expect(onWorker).toBeDefined();
    expect(pool.tryDigest(text, log.length, 'sha256')).toBeUndefined(); // one page at a time
    expect(plain(await onWorker)).toEqual(plain(digestLogPage(text, log.length, 'sha256')));
    expect(pool.pagesDigested).toBe(1);
  }, 30_000);

  it('given a page that cannot be read, when the worker digests it, then the error is the one reading it here gives', async () => {
    const error = (() => {
      try {
        digestLogPage('not a line', 1, 'sha256');
      } catch (e) {
        return (e as Error).message;
      }
    })();
    await expect(pool.tryDigest('not a line', 1, 'sha256')).rejects.toThrow(error);
  });

  it('given the pool closed, when a page is offered, then it is left to the caller and ready() rejects for a new pool closed before loading', async () => {
    const other = new PageDigestPool(1);
    const ready = other.ready();
    await other.close();
    await expect(ready).rejects.toThrow('closed');
    expect(other.tryDigest(text, log.length, 'sha256')).toBeUndefined();
  });
});
