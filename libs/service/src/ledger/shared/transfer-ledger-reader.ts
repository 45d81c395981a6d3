import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { SqlClient } from '@cluebus/eventstore';
import { queryTransferLedger, TRANSFER_LEDGER_SCHEMA, type TransferLedgerFilter, type TransferLedgerRow } from '@cluebus/projections';
import { CLOCK, type Clock } from '../../clues/overdue/clock';
import { SQL_CLIENT } from '../../runtime/tokens';

/**
 * Reads the transfer ledger for the API in every process, whichever process runs the
 * `transfer-ledger` singleton that writes it: so the tables are set up here, at module init,
 * not only by the processor's holder. "Late now" is judged by the Clock the overdue scheduler
 * uses, so the ledger and the recorded TransferOverdue agree (and tests move one clock).
 */
@Injectable()
export class TransferLedgerReader implements OnModuleInit {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.sql.exec(TRANSFER_LEDGER_SCHEMA);
  }

  now(): Date {
    return this.clock.now();
  }

  rows(filter: TransferLedgerFilter): Promise<TransferLedgerRow[]> {
    return queryTransferLedger(this.sql, filter, this.clock.now());
  }
}
