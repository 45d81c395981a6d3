/** One dispatched server-sent event (WHATWG HTML §9.2 "event stream interpretation"). */
export interface SseMessage {
  /** `event:` field; 'message' when absent. */
  event: string;
  /** `data:` lines joined by '\n'. */
  data: string;
  /** `id:` field of this message, when it had one. */
  id?: string;
  /** `retry:` field (reconnection time in ms), when it had one. */
  retry?: number;
}

/**
 * Incremental parser of `text/event-stream`: push decoded text as it arrives, get the messages
 * completed so far. Chunks may split anywhere (inside a line, between '\r' and '\n'); comments
 * (heartbeats, lines starting with ':') are counted but dispatch nothing.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  private retry: number | undefined;
  private pendingCr = false;
  /** Comment lines seen (the server's heartbeats). */
  comments = 0;

  push(chunk: string): SseMessage[] {
    let text = chunk;
    // A '\r' ending the previous chunk already ended its line; a '\n' right after it belongs to it.
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const out: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      if (match[0] === '\r' && match.index === this.buffer.length - 1) this.pendingCr = true;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) {
      this.comments++;
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const message: SseMessage | undefined =
      this.data.length > 0 || this.id !== undefined
        ? { event: this.event || 'message', data: this.data.join('\n'), ...(this.id !== undefined ? { id: this.id } : {}), ...(this.retry !== undefined ? { retry: this.retry } : {}) }
        : undefined;
    this.data = [];
    this.event = '';
    this.id = undefined;
    this.retry = undefined;
    return message;
  }
}
