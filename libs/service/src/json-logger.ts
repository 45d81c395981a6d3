import type { LoggerService } from '@nestjs/common';
import pino from 'pino';

/** Structured JSON logs (one object per line). Callers never pass personal data. */
export class JsonLogger implements LoggerService {
  private readonly pino = pino({ base: { service: 'cluebus' }, level: process.env.LOG_LEVEL ?? 'info' });

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: unknown) {
    if (!this.pino.isLevelEnabled(level)) return; // a line below the level costs nothing (an auditor's lookup logs one at debug)
    const fields = typeof message === 'object' && message !== null ? message : { msg: String(message) };
    this.pino[level]({ ...(context ? { context } : {}), ...fields });
  }

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.write('error', message, context ?? trace);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
}
