import { randomUUID } from 'node:crypto';
import type {
  ClueCommandOutcomeDto,
  ClueHistoryDto,
  ClueViewDto,
  DecideDispositionDto,
  InboxDto,
  InboxStatus,
  ForwardClueDto,
  OpenInvestigationDto,
  RecordFindingDto,
  RegisterClueDto,
  RejectTransferDto,
  SendFeedbackDto,
  TransferClueDto,
} from '@cluebus/contracts';
import { CluebusApiError } from './cluebus-error';

export interface CluebusClientOptions {
  /** e.g. http://localhost:3000 */
  baseUrl: string;
  /** The department's API key (bound to one department instance). */
  apiKey: string;
  /** The clerk or system acting; sent as X-Actor. */
  actor?: string;
  /** Retries of a command after a network error or 5xx, with the same Idempotency-Key. */
  retries?: number;
  fetch?: typeof fetch;
}

/** What a command answers: the contract's class (libs/contracts/src/dto/responses). */
export type CommandResult = ClueCommandOutcomeDto;

export interface CommandOptions {
  /** Defaults to a fresh UUID per call, reused on every retry of that call. */
  idempotencyKey?: string;
}

/**
 * The client department systems use. Every command carries an Idempotency-Key and is retried
 * on network errors and 5xx with the same key, so a retry never registers a clue twice.
 * Refusals (4xx) throw CluebusApiError with the API's code and field.
 */
export class CluebusClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: CluebusClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
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

  getClue(clueId: string, asOf?: Date): Promise<ClueViewDto> {
    return this.call('GET', `/v1/clues/${clueId}${asOf ? `?asOf=${encodeURIComponent(asOf.toISOString())}` : ''}`);
  }
  getHistory(clueId: string, asOf?: Date): Promise<ClueHistoryDto> {
    return this.call('GET', `/v1/clues/${clueId}/history${asOf ? `?asOf=${encodeURIComponent(asOf.toISOString())}` : ''}`);
  }
  inbox(status?: InboxStatus): Promise<InboxDto> {
    return this.call('GET', `/v1/inbox${status ? `?status=${status}` : ''}`);
  }

  private async command(path: string, body: unknown, o: CommandOptions = {}): Promise<CommandResult> {
    const key = o.idempotencyKey ?? randomUUID();
    const attempts = (this.options.retries ?? 3) + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.call<CommandResult>('POST', path, body, { 'idempotency-key': key });
      } catch (error) {
        const retryable = !(error instanceof CluebusApiError) || error.status >= 500;
        if (!retryable || attempt >= attempts) throw error;
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  private async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await this.fetchImpl(`${this.options.baseUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.options.apiKey}`,
        ...(this.options.actor ? { 'x-actor': encodeURIComponent(this.options.actor) } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new CluebusApiError(res.status, parsed?.code ?? `HTTP_${res.status}`, parsed?.message ?? res.statusText, parsed?.field);
    return parsed as T;
  }
}
