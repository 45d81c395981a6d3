import { CLUE_EVENT_UPCASTS } from '@cluebus/contracts';
import { Upcaster } from '@cluebus/eventstore';

/** The store's Upcaster for clue events: older versions are read as the current one (raw reads excepted). */
export function clueUpcaster(): Upcaster {
  const upcaster = new Upcaster();
  for (const { type, fromVersion, step } of CLUE_EVENT_UPCASTS) upcaster.register(type, fromVersion, (data) => step(data));
  return upcaster;
}
