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
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        await handler(message);
        return;
      } catch (error) {
        lastError = error;
        if (attempt < maxAttempts) await new Promise((r) => setTimeout(r, backoffMs * attempt));
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
