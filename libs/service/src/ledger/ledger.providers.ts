import { GetLedgerHandler } from './get-ledger/get-ledger.handler';
import { GetStatsHandler } from './get-stats/get-stats.handler';
import { LedgerController } from './ledger.controller';
import { TransferLedgerReader } from './shared/transfer-ledger-reader';

/** The 台账 API as the service module registers it; the transfer-ledger processor that writes it is declared in CluebusRuntime. */
export const LEDGER_CONTROLLERS = [LedgerController];

export const LEDGER_PROVIDERS = [TransferLedgerReader, GetLedgerHandler, GetStatsHandler];
