import type { ProcessorLog, SingletonProcessor } from '@cluebus/processors';
import type { OverdueScan, OverdueScheduler } from './overdue-scheduler';

/**
 * The overdue scheduler as a singleton processor: exactly one process of the departments'
 * replicas scans, behind the `overdue-<codes>` lease; the others stand by and take over. It
 * keeps no position: each scan reads the inbox afresh, and a stale holder that scans once more
 * after losing its lease issues commands whose derived ids make the repeat a no-op.
 */
export function overdueProcessor(deps: { scheduler: OverdueScheduler; everySeconds: number; log: ProcessorLog }): SingletonProcessor {
  return {
    kind: 'singleton',
    name: deps.scheduler.leaseName,
    async start() {
      let last: OverdueScan | undefined;
      let scans = 0;
      let failures = 0;
      let running: Promise<void> | undefined;
      const tick = () => {
        if (running) return; // never two scans at once in one process
        running = deps.scheduler
          .scan()
          .then((result) => {
            last = result;
            scans++;
            failures = 0;
            if (result.recorded > 0) deps.log.log({ msg: 'overdue deadlines recorded', ...result });
          })
          .catch((error: unknown) => {
            failures++;
            deps.log.warn({ msg: 'overdue scan failed; retrying at the next tick', failures, error: String(error) });
          })
          .finally(() => {
            running = undefined;
          });
      };
      tick();
      const timer = setInterval(tick, deps.everySeconds * 1000);
      timer.unref?.();
      return {
        stop: async () => {
          clearInterval(timer);
          await running;
        },
        status: () => ({ everySeconds: deps.everySeconds, scans, failures, ...(last ? { last } : {}) }),
      };
    },
  };
}
