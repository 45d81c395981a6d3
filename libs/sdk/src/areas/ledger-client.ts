import type { ClueCategory, InboxStatus, LedgerDto, StatsDto } from '../contract-types';
import type { CluebusHttp } from '../http-transport';

export interface LedgerQuery {
  /** Sent or received; default both. */
  direction?: 'sent' | 'received';
  status?: InboxStatus;
  category?: ClueCategory;
  /** Only overdue (true) or not (false). */
  overdue?: boolean;
  /** First and last transfer date, YYYY-MM-DD (Asia/Shanghai), inclusive. */
  from?: string;
  to?: string;
  /** `all`: every department (lead unit only). */
  scope?: 'own' | 'all';
}

/** 台账: the ledger of transfers and its statistics (`/v1/ledger`, `/v1/stats`). */
export class LedgerClient {
  constructor(private readonly http: CluebusHttp) {}

  /** getLedger (JSON) */
  get(query: LedgerQuery = {}) {
    return this.http.get<LedgerDto>('/v1/ledger', { ...query });
  }
  /** getLedger as a file: the CSV or XLSX bytes. */
  export(format: 'csv' | 'xlsx', query: LedgerQuery = {}) {
    return this.http.getBytes('/v1/ledger', { ...query, format });
  }
  /** getStats — counts per department over a period of transfer dates. */
  stats(query: { from?: string; to?: string } = {}) {
    return this.http.get<StatsDto>('/v1/stats', { ...query });
  }
}
