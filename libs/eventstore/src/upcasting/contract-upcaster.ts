import { CLUE_EVENT_UPCASTS } from '@cluebus/contracts';
import { Upcaster } from './upcaster';

/**
 * The Upcaster for every event type of the contract: older versions are read as the current one
 * (raw reads excepted). The default of openSqlEventStore, so every process that reads the log —
 * a department service, the ledger's relay, the CLI — sees the same versions.
 */
export function contractUpcaster(): Upcaster {
  const upcaster = new Upcaster();
  for (const { type, fromVersion, step } of CLUE_EVENT_UPCASTS) upcaster.register(type, fromVersion, (data) => step(data));
  return upcaster;
}
