import { type Bus, InProcessBus } from '@cluebus/bus';
import type { CluebusConfig } from '../config/cluebus-config';

/** The transport for a config: in-process for standalone, Kafka for separate services. */
export async function createBus(config: CluebusConfig): Promise<Bus> {
  if (config.bus.kind === 'in-process') return new InProcessBus();
  throw new Error('the Kafka bus adapter is not wired yet (CLUEBUS_BUS=kafka)');
}
