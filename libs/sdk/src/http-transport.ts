import { CluebusApiError, type ProblemBody } from './cluebus-error';
import { DEFAULT_RETRY_POLICY, isRetryableFailure, type RetryPolicy, withRetries } from './connection-retry';

export interface CluebusClientOptions {
  /** e.g. http://localhost:3000 */
  baseUrl: string;
  /** The department's API key (bound to one department instance). */
  apiKey: string;
  /** The clerk or system acting; sent as X-Actor. */
  actor?: string;
  /**
   * Retries of a command (same Idempotency-Key) or a GET after a connection error (the service
   * restarting, a connection cut) or a 5xx; default 3. Refusals (4xx) are never retried.
   */
  retries?: number;
  /** First retry delay, doubled per retry up to 2 s, with jitter (default 100 ms). */
  retryDelayMs?: number;
  /** Language of `title` and `detail` of errors (Accept-Language); the API's default is zh-CN. */
  language?: string;
  /** Hears every retry, e.g. to count them. */
  onRetry?: (retry: { method: string; path: string; attempt: number; error: unknown }) => void;
  fetch?: typeof fetch;
}

export interface CommandOptions {
  /** Defaults to a fresh UUID per call, reused on every retry of that call. */
  idempotencyKey?: string;
}

/** Query values as the API takes them: absent ones are left out, dates sent as ISO-8601. */
export type QueryValues = Record<string, string | number | boolean | Date | undefined>;

/** `?a=1&b=2` of the values that are set, or '' when none is. */
export function queryString(values: QueryValues = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    params.set(name, value instanceof Date ? value.toISOString() : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A path segment from a caller's id: encoded, so an id cannot change the route. */
export const seg = (value: string | number) => encodeURIComponent(String(value));

/**
 * The one way every area client talks HTTP: API key, actor and language headers; commands carry
 * an Idempotency-Key, one per call and the same on each retry (docs/adr/0003), so a retry after
 * a lost answer returns the first result; GETs and keyed commands are retried on connection
 * errors and 5xx only (ADR 0013); a refusal throws CluebusApiError.
 */
export class CluebusHttp {
  private readonly fetchImpl: typeof fetch;
  readonly retryPolicy: RetryPolicy;
  readonly baseUrl: string;

  constructor(readonly options: CluebusClientOptions) {
    // Called as a plain function, never as a method of this object: a browser's window.fetch
    // throws "Illegal invocation" when its receiver is anything but window (or nothing).
    const impl = options.fetch ?? globalThis.fetch;
    this.fetchImpl = (input, init) => impl(input, init);
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.retryPolicy = {
      ...DEFAULT_RETRY_POLICY,
      retries: options.retries ?? DEFAULT_RETRY_POLICY.retries,
      baseDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    };
  }

  command<T>(path: string, body: unknown, o: CommandOptions = {}): Promise<T> {
    // One key for every attempt of this call: a repeat after a lost answer returns the first result.
    // Web Crypto's randomUUID (Node ≥ 19 and browsers alike), so this file runs in the console too.
    return this.call<T>('POST', path, body, { 'idempotency-key': o.idempotencyKey ?? globalThis.crypto.randomUUID() });
  }

  get<T>(path: string, query?: QueryValues): Promise<T> {
    return this.call<T>('GET', `${path}${queryString(query)}`);
  }

  /** A POST that changes nothing (e.g. verify the log): as safe to repeat as a GET. */
  postSafe<T>(path: string): Promise<T> {
    return this.call<T>('POST', path);
  }

  /** A GET whose answer is a file (CSV, XLSX): the bytes as sent. */
  getBytes(path: string, query?: QueryValues): Promise<Buffer> {
    return this.retrying('GET', path, async () => {
      const res = await this.fetchImpl(`${this.baseUrl}${path}${queryString(query)}`, { method: 'GET', headers: this.headers() });
      if (!res.ok) throw new CluebusApiError(res.status, problemOf(await res.text(), res.statusText));
      return Buffer.from(await res.arrayBuffer());
    });
  }

  /** The headers every request carries; `extra` adds or overrides. */
  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      authorization: `Bearer ${this.options.apiKey}`,
      ...(this.options.actor ? { 'x-actor': encodeURIComponent(this.options.actor) } : {}),
      ...(this.options.language ? { 'accept-language': this.options.language } : {}),
      ...extra,
    };
  }

  get fetch(): typeof fetch {
    return this.fetchImpl;
  }

  /** GETs and keyed commands only (every call here is one): both are safe to repeat. */
  private call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.retrying(method, path, () => this.send<T>(method, path, body, headers));
  }

  private retrying<T>(method: string, path: string, attempt: () => Promise<T>): Promise<T> {
    const onRetry = (n: number, error: unknown) => this.options.onRetry?.({ method, path, attempt: n, error });
    return withRetries(attempt, isRetryable, this.retryPolicy, onRetry);
  }

  private async send<T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<T> {
    const res = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method,
      headers: this.headers({ ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new CluebusApiError(res.status, problemOf(text, res.statusText));
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Network errors and 5xx answers are worth another try; a 4xx refusal will be refused again. */
export const isRetryable = isRetryableFailure;

/** The problem details of an error answer; a body that is not JSON (a proxy's HTML page) keeps only the status text. */
export function problemOf(text: string, statusText: string): ProblemBody {
  try {
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (parsed && typeof parsed === 'object') return parsed as ProblemBody;
  } catch {
    // not JSON
  }
  return statusText ? { title: statusText } : {};
}
