import { type ProcessorLog, scheduledScanProcessor, type SingletonProcessor } from '@cluebus/processors';
import { ONE_SIDED_BRIBERY, type OneSidedBriberyScheduler } from './one-sided-bribery.scheduler';

/**
 * The one-sided bribery check (行贿受贿一起查) as a singleton behind the `one-sided-bribery`
 * lease: one process of all the replicas looks at the watched cases on each tick.
 */
export function oneSidedBriberyProcessor(deps: { scheduler: OneSidedBriberyScheduler; everySeconds: number; log: ProcessorLog }): SingletonProcessor {
  return scheduledScanProcessor({
    name: ONE_SIDED_BRIBERY,
    scanner: deps.scheduler,
    everySeconds: deps.everySeconds,
    log: deps.log,
    notable: (result) => (result.flagged > 0 ? 'one-sided bribery flagged and handed to ccdi' : undefined),
  });
}
