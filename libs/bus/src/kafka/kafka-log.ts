import { logLevel, type logCreator } from 'kafkajs';

/** Where the adapter reports; the service passes its structured logger. */
export interface KafkaBusLog {
  info(fields: Record<string, unknown>): void;
  warn(fields: Record<string, unknown>): void;
  error(fields: Record<string, unknown>): void;
}

export const silentKafkaLog: KafkaBusLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * kafkajs logs through our logger instead of console: warnings and errors only (its INFO level
 * narrates every group join). Reconnect noise during a broker restart arrives here as ERROR;
 * it is expected and the clients recover.
 */
export function kafkajsLogCreator(log: KafkaBusLog): logCreator {
  return () =>
    ({ level, label, namespace, log: entry }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = entry as Record<string, unknown>;
      const fields = { msg: `kafkajs ${namespace}: ${String(message)}`, kafkajs: label, ...pick(extra) };
      if (level === logLevel.ERROR) log.error(fields);
      else if (level === logLevel.WARN) log.warn(fields);
      else log.info(fields);
    };
}

/** Keeps the small, useful fields (group, topic, broker, error); drops stacks and payloads. */
function pick(extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['groupId', 'topic', 'partition', 'broker', 'error', 'retryCount', 'retryTime', 'clientId']) {
    if (extra[k] !== undefined) out[k] = extra[k];
  }
  return out;
}
