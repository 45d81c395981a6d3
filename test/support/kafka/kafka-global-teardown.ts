/** jest globalTeardown: stops what kafka-global-setup.ts started (an external broker is left alone). */
import { STATE_KEY, type KafkaForTests } from './kafka-global-setup';

export default async function kafkaGlobalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const state = g[STATE_KEY] as KafkaForTests | undefined;
  if (!state) return;
  delete g[STATE_KEY];
  state.control?.close();
  await state.stop();
  if (state.envBefore.KAFKA_BROKERS === undefined) delete process.env.KAFKA_BROKERS;
  else process.env.KAFKA_BROKERS = state.envBefore.KAFKA_BROKERS;
  delete process.env.CLUEBUS_KAFKA_MODE;
  delete process.env.CLUEBUS_KAFKA_CONTROL;
}
