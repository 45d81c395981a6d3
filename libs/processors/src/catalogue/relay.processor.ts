import { type Bus, EventRelay, type RelayStatus, SqlCheckpointStore } from '@cluebus/bus';
import type { EventStore, SqlClient } from '@cluebus/eventstore';
import type { SingletonProcessor } from '../processor';
import type { ProcessorLog } from '../processor-log';

export const RELAY = 'relay';

/**
 * The store → bus relay, a singleton: whichever process holds the `relay` lease ships, from the
 * shared checkpoint; its checkpoint writes are fenced, so a holder that lost the lease cannot
 * write. What a stale holder published before it noticed comes again, and consumers dedup it.
 */
export function relayProcessor(deps: { store: EventStore; bus: Bus; sql: SqlClient; log: ProcessorLog }): SingletonProcessor {
  return {
    kind: 'singleton',
    name: RELAY,
    async start(fence) {
      const relay = new EventRelay(deps.store, deps.bus, new SqlCheckpointStore(deps.sql, fence), RELAY, {
        onError: (error) =>
          relay.status().halted
            ? deps.log.error({ msg: 'relay halted: the global log has a gap', error: String(error) })
            : deps.log.warn({ msg: 'relay batch failed; retrying', error: String(error) }),
      });
      await relay.start();
      return { stop: () => relay.stop(), status: () => ({ ...relay.status() }) };
    },
  };
}

/** When the relay counts as degraded (CLUEBUS_RELAY_MAX_LAG_EVENTS / _SECONDS / _FAILURES). */
export interface RelayHealthLimits {
  maxLagEvents: number;
  maxLagSeconds: number;
  maxFailures: number;
}

export const DEFAULT_RELAY_HEALTH_LIMITS: RelayHealthLimits = { maxLagEvents: 10_000, maxLagSeconds: 60, maxFailures: 10 };

/**
 * Why the relay is not healthy, if it is not: halted on a gap, failing again and again, too far
 * behind the head, or behind with nothing shipped for too long. Empty when healthy.
 */
export function relayProblems(status: RelayStatus, headPosition: number, limits: RelayHealthLimits, now = Date.now()): string[] {
  const problems: string[] = [];
  const lag = Math.max(0, headPosition - status.position);
  if (status.halted) problems.push(`relay halted: ${status.halted}`);
  if (status.failures >= limits.maxFailures) problems.push(`relay failed ${status.failures} times in a row: ${status.lastError ?? 'unknown error'}`);
  if (lag > limits.maxLagEvents) problems.push(`relay is ${lag} events behind the head (limit ${limits.maxLagEvents})`);
  const idleSeconds = (now - status.shippedAt) / 1000;
  if (lag > 0 && status.shippedAt > 0 && idleSeconds > limits.maxLagSeconds) {
    problems.push(`relay shipped nothing for ${Math.round(idleSeconds)} s while ${lag} events wait (limit ${limits.maxLagSeconds} s)`);
  }
  return problems;
}
