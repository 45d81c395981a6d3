import { randomUUID } from 'node:crypto';
import type {
  DecideDispositionDto,
  ForwardClueDto,
  OpenInvestigationDto,
  RecordedEvent,
  RecordFindingDto,
  RegisterClueDto,
  RejectTransferDto,
  SendFeedbackDto,
  TransferClueDto,
} from '@cluebus/contracts';
import { CluebusApiError, type ProblemBody } from './cluebus-error';
import { DEFAULT_RETRY_POLICY, isConnectionError, type RetryPolicy, withRetries } from './connection-retry';

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

export interface CommandResult {
  clueId: string;
  commandId: string;
  replayed: boolean;
  transferId?: string;
  events: Array<{ eventId: string; type: string; streamPosition: number; globalPosition: number }>;
}

export interface CommandOptions {
  /** Defaults to a fresh UUID per call, reused on every retry of that call. */
  idempotencyKey?: string;
}

/**
 * The client department systems use. Every command carries an Idempotency-Key and is retried
 * on connection errors and 5xx with the same key, so a retry never registers a clue twice;
 * reads are retried the same way. Refusals (4xx) throw CluebusApiError with the problem
 * details' code, field, title and detail (ADR 0013).
 */
export class CluebusClient {
  private readonly fetchImpl: typeof fetch;
  private readonly retryPolicy: RetryPolicy;

  constructor(private readonly options: CluebusClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, retries: options.retries ?? DEFAULT_RETRY_POLICY.retries, baseDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs };
  }

  registerClue(body: RegisterClueDto, o?: CommandOptions) {
    return this.command('/v1/clues', body, o);
  }
  transferClue(clueId: string, body: TransferClueDto, o?: CommandOptions) {
    return this.command(`/v1/clues/${clueId}/transfers`, body, o);
  }
  acknowledgeTransfer(clueId: string, transferId: string, o?: CommandOptions) {
    return this.command(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`, {}, o);
  }
  rejectTransfer(clueId: string, transferId: string, body: RejectTransferDto, o?: CommandOptions) {
    return this.command(`/v1/clues/${clueId}/transfers/${transferId}/reject`, body, o);
  }
  forwardClue(clueId: string, body: ForwardClueDto, o?: CommandOptions) {
    return this.command(`/v1/clues/${clueId}/forward`, body, o);
  }
  openInvestigation(clueId: string, body: OpenInvestigationDto, o?: CommandOptions) {
    return this.command(`/v1/clues/${clueId}/investigation`, body, o);
  }
  recordFinding(clueId: string, body: RecordFindingDto, o?: CommandOptions) {
    return this.command(`/v1/clues/${clueId}/findings`, body, o);
  }
  decideDisposition(clueId: string, body: DecideDispositionDto, o?: CommandOptions) {
    return this.command(`/v1/clues/${clueId}/dispositions`, body, o);
  }
  sendFeedback(clueId: string, body: SendFeedbackDto, o?: CommandOptions) {
    return this.command(`/v1/clues/${clueId}/feedback`, body, o);
  }

  getClue(clueId: string, asOf?: Date): Promise<Record<string, unknown> & { version: number }> {
    return this.call('GET', `/v1/clues/${clueId}${asOf ? `?asOf=${encodeURIComponent(asOf.toISOString())}` : ''}`);
  }
  getHistory(clueId: string, asOf?: Date): Promise<{ clueId: string; events: RecordedEvent[] }> {
    return this.call('GET', `/v1/clues/${clueId}/history${asOf ? `?asOf=${encodeURIComponent(asOf.toISOString())}` : ''}`);
  }
  inbox(status?: 'pending' | 'acknowledged' | 'rejected' | 'answered'): Promise<{ department: string; items: Array<Record<string, unknown>> }> {
    return this.call('GET', `/v1/inbox${status ? `?status=${status}` : ''}`);
  }

  private command(path: string, body: unknown, o: CommandOptions = {}): Promise<CommandResult> {
    // One key for every attempt of this call: a repeat after a lost answer returns the first result.
    return this.call<CommandResult>('POST', path, body, { 'idempotency-key': o.idempotencyKey ?? randomUUID() });
  }

  /** GETs and keyed commands only (every call here is one): both are safe to repeat. */
  private call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const retryable = (error: unknown) => isConnectionError(error) || (error instanceof CluebusApiError && error.status >= 500);
    const onRetry = (attempt: number, error: unknown) => this.options.onRetry?.({ method, path, attempt, error });
    return withRetries(() => this.send<T>(method, path, body, headers), retryable, this.retryPolicy, onRetry);
  }

  private async send<T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<T> {
    const res = await this.fetchImpl(`${this.options.baseUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.options.apiKey}`,
        ...(this.options.actor ? { 'x-actor': encodeURIComponent(this.options.actor) } : {}),
        ...(this.options.language ? { 'accept-language': this.options.language } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new CluebusApiError(res.status, problemOf(text, res.statusText));
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** The problem details of an error answer; a body that is not JSON (a proxy's HTML page) keeps only the status text. */
function problemOf(text: string, statusText: string): ProblemBody {
  try {
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (parsed && typeof parsed === 'object') return parsed as ProblemBody;
  } catch {
    // not JSON
  }
  return statusText ? { title: statusText } : {};
}
