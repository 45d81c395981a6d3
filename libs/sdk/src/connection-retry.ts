import { CluebusApiError } from './cluebus-error';

/**
 * Retrying a request whose connection failed: the server restarted (ECONNREFUSED while it is
 * down), was killed mid-request or closed a keep-alive connection as the request went out
 * (ECONNRESET, "socket hang up", undici's UND_ERR_SOCKET "other side closed"). Only requests
 * that are safe to repeat are retried: GETs, and commands carrying an Idempotency-Key, always the
 * same key (a repeat returns the first result, docs/adr/0003). Shared by the SDK and the tests'
 * HTTP client, so the policy the bench measures is the one department systems get (ADR 0013).
 */
export const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

const CONNECTION_ERROR_MESSAGES = /socket hang up|other side closed/i;

/** True for a failed connection, looking through `cause` (fetch wraps the socket's error in a TypeError "fetch failed"). */
export function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
    if (typeof message === 'string' && CONNECTION_ERROR_MESSAGES.test(message)) return true;
  }
  return false;
}

/**
 * Worth another try with the same request: a failed connection, or a 5xx answer (the service's
 * fault, often passing: a restart, a lost database connection). A 4xx refusal would be refused
 * again, and an abort or a DNS failure is no transient fault of the service.
 */
export function isRetryableFailure(error: unknown): boolean {
  return isConnectionError(error) || (error instanceof CluebusApiError && error.status >= 500);
}

export interface RetryPolicy {
  /** Retries after the first attempt (so at most retries + 1 attempts). */
  retries: number;
  /** First delay; doubled per retry, capped at maxDelayMs, with ±50 % jitter so clients do not retry in step. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 2_000 };

export function retryDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(nominal * (0.5 + random()));
}

/**
 * Runs `attempt` until it succeeds, `retryable` says no, or the policy's retries are used up;
 * `onRetry` hears each retry (counted by the bench). The last error is thrown as is.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  policy: RetryPolicy,
  onRetry?: (retry: number, error: unknown) => void,
): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry > policy.retries || !retryable(error)) throw error;
      onRetry?.(retry, error);
      await new Promise((r) => setTimeout(r, retryDelayMs(retry, policy)));
    }
  }
}
