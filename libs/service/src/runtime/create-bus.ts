import { Logger } from '@nestjs/common';
import { type Bus, InProcessBus, KafkaBus, type KafkaBusLog, kafkaSettingsFromEnv } from '@cluebus/bus';
import { type CluebusConfig, ConfigError } from '../config/cluebus-config';

/** The adapter's reports go to the service's structured log (context KafkaBus). */
export function nestKafkaLog(context = 'KafkaBus'): KafkaBusLog {
  const logger = new Logger(context);
  return {
    info: (fields) => logger.log(fields),
    warn: (fields) => logger.warn(fields),
    error: (fields) => logger.error(fields),
  };
}

/**
 * The transport for a config: in-process for standalone, Kafka for separate services.
 * Kafka topic settings (partitions, replication, namespace, session timeout) come from the
 * environment, see libs/bus/src/kafka/kafka-settings.ts for names and defaults.
 */
export async function createBus(config: Pick<CluebusConfig, 'bus'>, env: NodeJS.ProcessEnv = process.env): Promise<Bus> {
  if (config.bus.kind === 'in-process') return new InProcessBus();
  let settings;
  try {
    settings = kafkaSettingsFromEnv(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return new KafkaBus({ brokers: config.bus.brokers, clientId: config.bus.clientId, ...settings, log: nestKafkaLog() });
}
