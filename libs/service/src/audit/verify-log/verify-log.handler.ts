import type { VerifyLogDto } from '@cluebus/contracts';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SqlClient } from '@cluebus/eventstore';
import { readVerificationInputs, sqlLogReader, verifyStore, type VerifyStoreResult } from '@cluebus/eventstore/audit';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../../config/cluebus-config';
import { SQL_CLIENT } from '../../runtime/tokens';
import { AuditKeys } from '../audit-keys';
import { VerifyLogCommand } from './verify-log.command';

export interface VerifyLogView extends VerifyStoreResult {
  /** 'configured': keys pinned in this process; 'store-registry': keys read from the store under test (weaker). */
  keySource: 'configured' | 'store-registry';
  trustedKeyIds: string[];
  startedAt: string;
}

/**
 * Full verification of the stored log (verifyStore). Requests that arrive while one runs share
 * its result: a verification reads the whole log, and two at once would only halve each other.
 */
@CommandHandler(VerifyLogCommand)
export class VerifyLogHandler implements ICommandHandler<VerifyLogCommand> {
  private readonly logger = new Logger('Verify');
  private running?: Promise<VerifyLogView>;

  constructor(
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly auditKeys: AuditKeys,
  ) {}

  execute(): Promise<VerifyLogDto> {
    this.running ??= this.verify().finally(() => (this.running = undefined));
    return this.running;
  }

  private async verify(): Promise<VerifyLogView> {
    const startedAt = new Date().toISOString();
    const { keys, source } = await this.auditKeys.trusted();
    const { checkpoints, head } = await readVerificationInputs(this.sql);
    const result = await verifyStore(sqlLogReader(this.sql), checkpoints, { algorithm: this.config.store.hashAlgorithm, publicKeys: keys, head });
    const view: VerifyLogView = { ...result, keySource: source, trustedKeyIds: [...keys.keys()], startedAt };
    if (result.ok) this.logger.log({ msg: 'log verified', checked: result.checked, checkpointsVerified: result.checkpointsVerified, ms: result.elapsedMs, keySource: source });
    else this.logger.error({ msg: 'log verification FAILED', firstBadPosition: result.firstBadPosition, reason: result.reason });
    return view;
  }
}
