import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { SqlClient } from '@cluebus/eventstore';
import { Checkpointer, type CheckpointerStatus } from '@cluebus/eventstore/audit';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../../config/cluebus-config';
import { SQL_CLIENT } from '../../runtime/tokens';
import { AuditKeys } from '../audit-keys';

/** Runs the Checkpointer in the process configured for it (CLUEBUS_CHECKPOINTER). */
@Injectable()
export class CheckpointerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Checkpointer');
  private checkpointer?: Checkpointer;

  constructor(
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly keys: AuditKeys,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { audit } = this.config;
    if (!audit.checkpointer) return;
    if (!this.keys.signingKey) throw new Error('the checkpointer needs a signing key (CLUEBUS_SIGNING_KEY)');
    this.checkpointer = await Checkpointer.start(this.sql, {
      signingKey: this.keys.signingKey,
      algorithm: this.config.store.hashAlgorithm,
      every: audit.checkpointEvery,
      intervalMs: audit.checkpointSeconds * 1000,
      logger: { log: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m), error: (m) => this.logger.error(m) },
    });
    this.logger.log({ msg: 'checkpointer running', keyId: this.keys.signingKey.keyId, every: audit.checkpointEvery, seconds: audit.checkpointSeconds });
  }

  /** Before the store closes (onApplicationShutdown), so no run is cut off mid-transaction. */
  async onModuleDestroy(): Promise<void> {
    await this.checkpointer?.stop();
  }

  status(): CheckpointerStatus | undefined {
    return this.checkpointer?.status();
  }

  /** Covers the log up to now and signs at the head (tests, operators). Undefined when not run here. */
  async checkpointNow() {
    return this.checkpointer?.checkpointNow();
  }
}
