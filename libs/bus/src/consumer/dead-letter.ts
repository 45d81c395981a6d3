import { type Bus, type DeliveredMessage, Headers, type MessageHandler, Topics } from '../bus';

export interface DeadLetterOptions {
  maxAttempts?: number;
  backoffMs?: number;
  onDeadLetter?: (error: unknown, headers: Record<string, string>) => void;
}

/**
 * Wraps a handler: retries a failing message a few times, then parks it on the dead-letter
 * topic with the error and the original headers, and lets the consumer go on. A parked
 * message can be replayed to its original topic (see replayDeadLetters).
 */
export function withDeadLetter(bus: Bus, groupId: string, handler: MessageHandler, options: DeadLetterOptions = {}): MessageHandler {
  return async (message) => {
    const outcome = await retrying(() => handler(message), options);
    if (outcome.ok) return;
    const headers = await parkMessage(bus, groupId, message, describeError(outcome.error), options.maxAttempts ?? 3);
    options.onDeadLetter?.(outcome.error, headers);
  };
}

/**
 * Runs `attempt` until it succeeds or has failed `maxAttempts` times for a reason of its own.
 * A database or network outage is not the message's fault: it is waited out (never park
 * healthy messages during a blip); only failures that repeat with the system up count.
 */
export async function retrying(attempt: () => Promise<void>, options: DeadLetterOptions = {}): Promise<{ ok: true } | { ok: false; error: unknown }> {
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffMs = options.backoffMs ?? 100;
  let lastError: unknown;
  for (let n = 1; n <= maxAttempts; ) {
    try {
      await attempt();
      return { ok: true };
    } catch (error) {
      lastError = error;
      if (isTransient(error)) {
        await new Promise((r) => setTimeout(r, Math.min(backoffMs * 10, 5_000)));
        continue;
      }
      if (n < maxAttempts) await new Promise((r) => setTimeout(r, backoffMs * n));
      n++;
    }
  }
  return { ok: false, error: lastError };
}

/** Publishes the message to the dead-letter topic with why, where from and which group; returns its headers. */
export async function parkMessage(bus: Bus, groupId: string, message: DeliveredMessage, error: string, attempts: number): Promise<Record<string, string>> {
  const headers = {
    ...message.headers,
    [Headers.error]: error,
    [Headers.originalTopic]: message.topic,
    [Headers.consumerGroup]: groupId,
    [Headers.attempts]: String(attempts),
  };
  await bus.publish(Topics.deadLetter, [{ key: message.key, value: message.value, headers }]);
  return headers;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Node network errors and PostgreSQL SQLSTATEs that mean "infrastructure down or busy". */
const TRANSIENT_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const TRANSIENT_SQLSTATE = /^(08|53|57P0[1-3]|40001|40P01)/;

export function isTransient(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (TRANSIENT_NODE.has(code) || TRANSIENT_SQLSTATE.test(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message);
}
