import { BlacklistController } from './blacklist.controller';
import { GetBlacklistChangesHandler } from './get-blacklist-changes/get-blacklist-changes.handler';
import { GetBlacklistHandler } from './get-blacklist/get-blacklist.handler';
import { BlacklistReader } from './shared/blacklist-reader';

/** The blacklist API (黑名单); the projection that writes it is declared in CluebusRuntime. */
export const BLACKLIST_CONTROLLERS = [BlacklistController];

export const BLACKLIST_PROVIDERS = [BlacklistReader, GetBlacklistHandler, GetBlacklistChangesHandler];
