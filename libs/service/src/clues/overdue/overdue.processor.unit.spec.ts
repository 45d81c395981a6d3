import { NO_FENCE, silentProcessorLog } from '@cluebus/processors';
import type { OverdueScan, OverdueScheduler } from './overdue-scheduler';
import { overdueProcessor } from './overdue.processor';

const empty: OverdueScan = { candidates: 0, recorded: 0, replayed: 0, refused: {} };

function fakeScheduler(scan: () => Promise<OverdueScan>) {
  return { leaseName: 'overdue-nhc+samr', scan: jest.fn(scan) } as unknown as OverdueScheduler & { scan: jest.Mock };
}

describe('overdue processor', () => {
  afterEach(() => jest.useRealTimers());

  it('is a singleton named by its lease, scans at start and then every N seconds, and stops', async () => {
    jest.useFakeTimers();
    const scheduler = fakeScheduler(async () => ({ ...empty, candidates: 1, recorded: 1 }));
    const p = overdueProcessor({ scheduler, everySeconds: 60, log: silentProcessorLog });
    expect(p).toMatchObject({ kind: 'singleton', name: 'overdue-nhc+samr' });
    const running = await p.start(NO_FENCE);
    expect(scheduler.scan).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(scheduler.scan).toHaveBeenCalledTimes(2);
    expect(running.status?.()).toMatchObject({ everySeconds: 60, scans: 2, failures: 0, last: { recorded: 1 } });
    await running.stop();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(scheduler.scan).toHaveBeenCalledTimes(2);
  });

  it('never runs two scans at once, and a failed scan is retried at the next tick', async () => {
    jest.useFakeTimers();
    let release: () => void = () => undefined;
    let calls = 0;
    const scheduler = fakeScheduler(() => {
      calls++;
      if (calls === 1) return new Promise<OverdueScan>((resolve) => (release = () => resolve(empty)));
      if (calls === 2) return Promise.reject(new Error('database away'));
      return Promise.resolve(empty);
    });
    const running = await overdueProcessor({ scheduler, everySeconds: 1, log: silentProcessorLog }).start(NO_FENCE);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(scheduler.scan).toHaveBeenCalledTimes(1); // the first is still running
    release();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(running.status?.()).toMatchObject({ failures: 1 });
    await jest.advanceTimersByTimeAsync(1_000);
    expect(running.status?.()).toMatchObject({ failures: 0, scans: 2 });
    await running.stop();
  });
});
