import type { SqlClient } from '@cluebus/eventstore';
import { Checkpointer, type CheckpointerOptions } from '@cluebus/eventstore/audit';
import type { SingletonProcessor } from '../processor';

export const CHECKPOINTER = 'checkpointer';

/**
 * The signed-checkpoint issuer (ADR 0005), a singleton: every page it covers commits behind the
 * lease's fence, so a paused old holder never signs a second checkpoint for a size. `onActive`
 * hands the running Checkpointer to whoever serves its status and checkpointNow (undefined on standby).
 */
export function checkpointerProcessor(deps: {
  sql: SqlClient;
  options: Omit<CheckpointerOptions, 'fence'>;
  onActive: (checkpointer: Checkpointer | undefined) => void;
}): SingletonProcessor {
  return {
    kind: 'singleton',
    name: CHECKPOINTER,
    async start(fence) {
      const checkpointer = await Checkpointer.start(deps.sql, { ...deps.options, fence: (tx) => fence.check(tx) });
      deps.onActive(checkpointer);
      return {
        stop: async () => {
          deps.onActive(undefined);
          await checkpointer.stop();
        },
        status: () => ({ ...checkpointer.status() }),
      };
    },
  };
}
