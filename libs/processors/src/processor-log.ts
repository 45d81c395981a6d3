/** Structured log lines (objects, never personal data); Nest's Logger and pino both fit. */
export interface ProcessorLog {
  log(message: object): void;
  warn(message: object): void;
  error(message: object): void;
}

export const silentProcessorLog: ProcessorLog = { log: () => undefined, warn: () => undefined, error: () => undefined };
