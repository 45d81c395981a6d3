import { SqlCheckpointStore } from '@cluebus/bus';
import type { EventStore, SqlClient } from '@cluebus/eventstore';
import type { ProcessorLog, SingletonProcessor } from '@cluebus/processors';
import type { CaseTrackReactor } from './case-track-reactor';

export const CASE_TRACKS = 'case-tracks';

/**
 * The case-track processor (一案多查), a singleton behind the `case-tracks` lease: it tails the
 * store's global log from its checkpoint and hands every page to the CaseTrackReactor, then
 * saves the checkpoint behind the lease's fence. A crash or a takeover re-reads from the last
 * checkpoint; the reactor's commands have ids derived from their causing events, so the repeat
 * stores nothing new.
 *
 * Why the store and not a consumer group on `cluebus.events`: the events it needs
 * (InvestigationOpened, CaseOpened, …) are addressed to no department topic (ADR 0004), and a
 * department's Kafka principal may read only its own topic (ADR 0008); every department process
 * reads the store already. And in log order a case's index is always written before the
 * acknowledgements that follow it, whichever streams (partitions) they are on.
 */
export function caseTracksProcessor(deps: { store: EventStore; sql: SqlClient; reactor: CaseTrackReactor; log: ProcessorLog; batchSize?: number }): SingletonProcessor {
  return {
    kind: 'singleton',
    name: CASE_TRACKS,
    async start(fence) {
      const checkpoints = new SqlCheckpointStore(deps.sql, fence);
      const after = await checkpoints.load(CASE_TRACKS);
      let failures = 0;
      const subscription = deps.store.subscribeToAll(
        async (events) => {
          await deps.reactor.react(events);
          await checkpoints.save(CASE_TRACKS, events[events.length - 1].globalPosition);
          failures = 0;
        },
        {
          after,
          batchSize: deps.batchSize ?? 200,
          onError: (error) => {
            failures++;
            deps.log.warn({ msg: 'case-track batch failed; retrying', failures, error: String(error) });
          },
        },
      );
      return {
        stop: () => subscription.stop(),
        status: () => ({ position: subscription.position, failures, ...deps.reactor.counts, refusals: { ...deps.reactor.refusals } }),
      };
    },
  };
}
