/** Structured log lines (objects, never personal data); Nest's Logger and pino both fit. */
export interface ProcessorLog {
  log(message: object): void;
  warn(message: object): void;
  error(message: object): void;
}

export const silentProcessorLog: ProcessorLog = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A Nest Logger (or anything with log/warn/error) as a ProcessorLog, without importing Nest here. */
export function nestProcessorLog(logger: { log(m: object): void; warn(m: object): void; error(m: object): void }): ProcessorLog {
  return { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) };
}
