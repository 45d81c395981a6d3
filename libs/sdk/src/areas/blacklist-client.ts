import type { BlacklistChangesDto, BlacklistDto } from '../contract-types';
import type { CluebusHttp } from '../http-transport';

/** Who to look for; none: the whole list. A resident ID number is tokenised by the service on arrival. */
export interface BlacklistQuery {
  uscc?: string;
  idNumber?: string;
  /** Part of an enterprise's or institution's name (2–100 characters). */
  name?: string;
  /** The list on this day, YYYY-MM-DD (Asia/Shanghai); default today. */
  asOf?: string;
}

/** 黑名单: who is listed, by whom, why, since and until when (`/v1/blacklist`). Every read is logged. */
export class BlacklistClient {
  constructor(private readonly http: CluebusHttp) {}

  /** getBlacklist (JSON) */
  get(query: BlacklistQuery = {}) {
    return this.http.get<BlacklistDto>('/v1/blacklist', { ...query });
  }
  /** getBlacklist as a file: the CSV or XLSX bytes. */
  export(format: 'csv' | 'xlsx', query: BlacklistQuery = {}) {
    return this.http.getBytes('/v1/blacklist', { ...query, format });
  }
  /** getBlacklistChanges — listings that changed after a global log position (for a local copy). */
  changes(options: { since?: number; limit?: number } = {}) {
    return this.http.get<BlacklistChangesDto>('/v1/blacklist/changes', { ...options });
  }
}
