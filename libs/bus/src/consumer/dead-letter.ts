import { type Bus, Headers, type MessageHandler, Topics } from '../bus';

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
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffMs = options.backoffMs ?? 100;
  return async (message) => {
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; ) {
      try {
        await handler(message);
        return;
      } catch (error) {
        lastError = error;
        // A database or network outage is not the message's fault: wait it out (never park
        // healthy messages during a blip). Only failures that repeat with the system up count.
        if (isTransient(error)) {
          await new Promise((r) => setTimeout(r, Math.min(backoffMs * 10, 5_000)));
          continue;
        }
        if (attempt < maxAttempts) await new Promise((r) => setTimeout(r, backoffMs * attempt));
        attempt++;
      }
    }
    const headers = {
      ...message.headers,
      [Headers.error]: lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError),
      [Headers.originalTopic]: message.topic,
      [Headers.consumerGroup]: groupId,
      [Headers.attempts]: String(maxAttempts),
    };
    await bus.publish(Topics.deadLetter, [{ key: message.key, value: message.value, headers }]);
    options.onDeadLetter?.(lastError, headers);
  };
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
