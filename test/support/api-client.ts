import { DEFAULT_RETRY_POLICY, isConnectionError, type RetryPolicy, withRetries } from '@cluebus/sdk';
import { assertProblemDetails } from './problem-check';

/** A thin HTTP client for tests: real requests, parsed JSON, status and headers kept. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** What a client saw, shared by every client derived with as(): the bench prints it. */
export interface ClientStats {
  /** Requests repeated after a connection error (same Idempotency-Key). */
  retries: number;
  /** Requests that failed on the client side (a connection error after the retries, or one not safe to retry). */
  clientErrors: number;
  /** Answers with a 4xx or 5xx status (problem details). */
  errorAnswers: number;
}

/**
 * GETs and requests carrying an Idempotency-Key are retried on connection errors (a service
 * restarting), as the SDK does (libs/sdk/src/connection-retry.ts); other requests are not, as
 * repeating them could do the thing twice. Every non-2xx answer must be problem details
 * (problem-check.ts), or the request throws.
 */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
    private readonly actor?: string,
    readonly stats: ClientStats = { retries: 0, clientErrors: 0, errorAnswers: 0 },
    private readonly retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  as(key: string, actor?: string): ApiClient {
    return new ApiClient(this.baseUrl, key, actor, this.stats, this.retryPolicy);
  }

  /** The same client with another retry policy (a test that restarts a service waits longer). */
  withRetries(policy: Partial<RetryPolicy>): ApiClient {
    return new ApiClient(this.baseUrl, this.key, this.actor, this.stats, { ...this.retryPolicy, ...policy });
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const safe = method === 'GET' || Object.keys(headers).some((h) => h.toLowerCase() === 'idempotency-key');
    const send = () =>
      fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(this.key ? { authorization: `Bearer ${this.key}` } : {}),
          ...(this.actor ? { 'x-actor': encodeURIComponent(this.actor) } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }).then(async (res) => ({ res, text: await res.text() }));
    let answer: Awaited<ReturnType<typeof send>>;
    try {
      answer = await withRetries(send, (e) => safe && isConnectionError(e), this.retryPolicy, () => this.stats.retries++);
    } catch (error) {
      this.stats.clientErrors++;
      throw error;
    }
    const { res, text } = answer;
    if (!res.ok) {
      this.stats.errorAnswers++;
      assertProblemDetails(res.status, res.headers, text, `${method} ${path}`);
    }
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }

  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
}

/** Polls until check returns a value (eventual projections), failing after timeoutMs. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
