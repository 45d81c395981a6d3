import { Logger } from '@nestjs/common';
import { type Bus, describeKafkaSecurity, InProcessBus, KafkaBus, type KafkaBusLog, kafkaSettingsFromEnv } from '@cluebus/bus';
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
 * Kafka settings (topics: partitions, replication, namespace, retention; consumers: session
 * timeout; connection: TLS and SASL) come from the environment, see
 * libs/bus/src/kafka/kafka-settings.ts for names and defaults. A bad value fails the start.
 */
export async function createBus(config: Pick<CluebusConfig, 'bus'>, env: NodeJS.ProcessEnv = process.env): Promise<Bus> {
  if (config.bus.kind === 'in-process') return new InProcessBus();
  let settings;
  try {
    settings = kafkaSettingsFromEnv(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const { client, ...topicSettings } = settings;
  const log = nestKafkaLog();
  // Says which principal the process acts as: the first thing to check on an authorization error.
  log.info({ msg: 'kafka connection', brokers: config.bus.brokers, security: describeKafkaSecurity(client) });
  return new KafkaBus({ brokers: config.bus.brokers, clientId: config.bus.clientId, ...topicSettings, client, log });
}
