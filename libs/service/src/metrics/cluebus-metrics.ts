import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one service process. Labels are low-cardinality by design (command
 * type, outcome code, department code) and never carry personal data or clue ids.
 */
@Injectable()
export class CluebusMetrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'cluebus_commands_total',
    help: 'Clue commands handled, by command type and outcome (ok, replayed, or the refusal code)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly commandSeconds = new Histogram({
    name: 'cluebus_command_duration_seconds',
    help: 'Time from command received to events appended (or refusal)',
    labelNames: ['command'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'cluebus_process_' });
  }

  /** Times a command and counts its outcome. */
  async track<T extends { replayed?: boolean }>(command: string, run: () => Promise<T>): Promise<T> {
    const end = this.commandSeconds.startTimer({ command });
    try {
      const result = await run();
      this.commands.inc({ command, outcome: result.replayed ? 'replayed' : 'ok' });
      return result;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.commands.inc({ command, outcome: typeof code === 'string' ? code : 'error' });
      throw error;
    } finally {
      end();
    }
  }
}
