import { type ProcessorLog, scheduledScanProcessor, type SingletonProcessor } from '@cluebus/processors';
import type { OverdueScheduler } from './overdue-scheduler';

/**
 * The overdue scheduler as a singleton processor behind the `overdue-<codes>` lease: one process
 * of the departments' replicas scans the inbox for missed deadlines (scheduledScanProcessor).
 */
export function overdueProcessor(deps: { scheduler: OverdueScheduler; everySeconds: number; log: ProcessorLog }): SingletonProcessor {
  return scheduledScanProcessor({
    name: deps.scheduler.leaseName,
    scanner: deps.scheduler,
    everySeconds: deps.everySeconds,
    log: deps.log,
    notable: (result) => (result.recorded > 0 ? 'overdue deadlines recorded' : undefined),
  });
}
