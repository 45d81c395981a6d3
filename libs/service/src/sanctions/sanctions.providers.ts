import { SanctionExpiryScheduler } from './expiry/sanction-expiry.scheduler';
import { ImposeSanctionHandler } from './impose-sanction/impose-sanction.handler';
import { RepairCreditHandler } from './repair-credit/repair-credit.handler';
import { RevokeSanctionHandler } from './revoke-sanction/revoke-sanction.handler';
import { SanctionCommandExecutor } from './sanction-command-executor';
import { SanctionsController } from './sanctions.controller';
import { SanctionIndex } from './shared/sanction-index';

/** The sanctions API (联合惩戒); the blacklist projection and the expiry scheduler are declared in CluebusRuntime. */
export const SANCTION_CONTROLLERS = [SanctionsController];

export const SANCTION_PROVIDERS = [SanctionIndex, SanctionCommandExecutor, SanctionExpiryScheduler, ImposeSanctionHandler, RevokeSanctionHandler, RepairCreditHandler];
