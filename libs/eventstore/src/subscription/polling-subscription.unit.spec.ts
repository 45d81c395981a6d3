import { EventEmitter } from 'node:events';
import type { RecordedEvent } from '@cluebus/contracts';
import { PollingSubscription } from './polling-subscription';

const log = (n: number) => Array.from({ length: n }, (_, i) => ({ globalPosition: i + 1 }) as RecordedEvent);

/** A log of `n` events read in pages, recording each read and when it started. */
function source(n: number) {
  const events = log(n);
  const reads: Array<{ after: number; handled: number }> = [];
  let handled = 0;
  return {
    reads,
    handledPages: () => handled,
    pageHandled: () => handled++,
    read: async (after: number, max: number) => {
      reads.push({ after, handled });
      await new Promise((r) => setImmediate(r));
      return events.filter((e) => e.globalPosition > after).slice(0, max);
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('PollingSubscription', () => {
  it('given a log longer than a page, when catching up, then the next page is read while the handler works on the current one, and pages arrive in order, once each', async () => {
    // given
    const src = source(25);
    const delivered: number[][] = [];
    // when
    const sub = new PollingSubscription(src.read, new EventEmitter(), async (page) => {
      delivered.push(page.map((e) => e.globalPosition));
      await new Promise((r) => setTimeout(r, 10));
      src.pageHandled();
    }, { after: 0, batchSize: 10, pollIntervalMs: 1_000 });
    await until(() => sub.position === 25);
    await sub.stop();
    // then
    expect(delivered.map((p) => [p[0], p[p.length - 1]])).toEqual([[1, 10], [11, 20], [21, 25]]);
    // page 2 is read before page 1 is handled, page 3 before page 2; after the short last page
    // one plain read finds the head, and nothing is read ahead of it
    expect(src.reads).toEqual([{ after: 0, handled: 0 }, { after: 10, handled: 0 }, { after: 20, handled: 1 }, { after: 25, handled: 3 }]);
  });

  it('given a handler that fails on the second page, when retried, then that page is delivered again from the failed position and nothing is skipped or repeated after it', async () => {
    // given
    const src = source(25);
    const delivered: number[] = [];
    let failures = 0;
    // when
    const sub = new PollingSubscription(src.read, new EventEmitter(), async (page) => {
      if (page[0].globalPosition === 11 && failures === 0) {
        failures++;
        throw new Error('apply failed');
      }
      delivered.push(...page.map((e) => e.globalPosition));
    }, { after: 0, batchSize: 10, pollIntervalMs: 1_000, onError: () => undefined });
    await until(() => sub.position === 25);
    await sub.stop();
    // then
    expect(failures).toBe(1);
    expect(delivered).toEqual(log(25).map((e) => e.globalPosition));
    expect(src.reads.map((r) => r.after)).toEqual([0, 10, 20, 10, 20, 25]); // the page read ahead of the failure is read again
  });
});
