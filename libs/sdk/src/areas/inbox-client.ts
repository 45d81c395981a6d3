import type { InboxDto, InboxStatus } from '../contract-types';
import type { InboxStreamItemDto } from '../contract-types';
import type { CluebusHttp } from '../http-transport';
import { watchInbox, type WatchOptions } from '../inbox-watch';

/** 收件箱: transfers received and notices (`/v1/inbox`), read once or followed live. */
export class InboxClient {
  constructor(private readonly http: CluebusHttp) {}

  /** getInbox — the inbox as it stands (optionally only transfers in one status). */
  list(options: { status?: InboxStatus } = {}) {
    return this.http.get<InboxDto>('/v1/inbox', { status: options.status });
  }

  /**
   * streamInbox — every item addressed to this department after `after` (a position a previous
   * item carried; default 0: from the beginning), then live. Reconnects by itself with backoff
   * and resumes after the last item it yielded, so a service restart loses and repeats nothing.
   * Ends only when `signal` aborts (or on a 4xx refusal, which it throws).
   */
  watch(options: WatchOptions = {}): AsyncGenerator<InboxStreamItemDto, void, undefined> {
    return watchInbox(this.http, options);
  }
}
