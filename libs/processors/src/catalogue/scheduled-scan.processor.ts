import type { SingletonProcessor } from '../processor';
import type { ProcessorLog } from '../processor-log';

/** A scan a scheduled processor runs on each tick; it reads its input afresh each time. */
export interface ScheduledScan<Result> {
  scan(): Promise<Result>;
}

/**
 * A timer-driven singleton (the overdue scheduler, the one-sided bribery check): exactly one
 * process of the replicas scans, behind the lease `name`; the others stand by and take over.
 * It keeps no position: each scan reads its input afresh, and a stale holder that scans once
 * more after losing its lease issues commands whose derived ids make the repeat a no-op — so
 * the commands, not this loop, carry the exactly-once guarantee.
 */
export function scheduledScanProcessor<Result extends object>(deps: {
  name: string;
  scanner: ScheduledScan<Result>;
  everySeconds: number;
  log: ProcessorLog;
  /** A line worth logging about a result (something was recorded), or undefined for a quiet tick. */
  notable?: (result: Result) => string | undefined;
}): SingletonProcessor {
  return {
    kind: 'singleton',
    name: deps.name,
    async start() {
      let last: Result | undefined;
      let scans = 0;
      let failures = 0;
      let running: Promise<void> | undefined;
      const tick = () => {
        if (running) return; // never two scans at once in one process
        running = deps.scanner
          .scan()
          .then((result) => {
            last = result;
            scans++;
            failures = 0;
            const line = deps.notable?.(result);
            if (line) deps.log.log({ msg: line, ...result });
          })
          .catch((error: unknown) => {
            failures++;
            deps.log.warn({ msg: `${deps.name} scan failed; retrying at the next tick`, failures, error: String(error) });
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
