import { SealerLoop, type SqlClient } from '@cluebus/eventstore';
import type { HashAlgorithm } from '@cluebus/audit';
import type { SingletonProcessor } from '../processor';
import type { ProcessorLog } from '../processor-log';

export const SEALER = 'sealer';

/**
 * The sealer of docs/adr/0009 as a singleton: every process that appends to PostgreSQL with
 * sealing 'sealer' declares it, the lease lets one seal; each batch runs the fence first, so a
 * holder that lost the lease writes nothing.
 */
export function sealerProcessor(deps: { sql: SqlClient; algorithm: HashAlgorithm; log: ProcessorLog }): SingletonProcessor {
  return {
    kind: 'singleton',
    name: SEALER,
    async start(fence) {
      const loop = new SealerLoop(deps.sql, {
        algorithm: deps.algorithm,
        fence: (tx) => fence.check(tx),
        onError: (error) => deps.log.warn({ msg: 'seal batch failed; retrying', error: String(error) }),
      });
      await loop.start();
      return { stop: () => loop.stop(), status: () => loop.status() };
    },
  };
}
