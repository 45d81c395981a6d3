import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SqlClient } from '@cluebus/eventstore';
import type { Checkpointer, CheckpointerStatus } from '@cluebus/eventstore/audit';
import { checkpointerProcessor, type SingletonProcessor } from '@cluebus/processors';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../../config/cluebus-config';
import { SQL_CLIENT } from '../../runtime/tokens';
import { AuditKeys } from '../audit-keys';

/**
 * The Checkpointer as a singleton processor, in the processes configured for it
 * (CLUEBUS_CHECKPOINTER): the processor host runs it in the one process that holds its lease;
 * this service answers for it there (status, checkpointNow) and says undefined elsewhere.
 */
@Injectable()
export class CheckpointerService {
  private readonly logger = new Logger('Checkpointer');
  private active?: Checkpointer;

  constructor(
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly keys: AuditKeys,
  ) {}

  /** The declaration for the processor host; undefined when this process does not issue checkpoints. */
  processor(): SingletonProcessor | undefined {
    const { audit } = this.config;
    if (!audit.checkpointer) return undefined;
    const signingKey = this.keys.signingKey;
    if (!signingKey) throw new Error('the checkpointer needs a signing key (CLUEBUS_SIGNING_KEY)');
    return checkpointerProcessor({
      sql: this.sql,
      options: {
        signingKey,
        algorithm: this.config.store.hashAlgorithm,
        every: audit.checkpointEvery,
        intervalMs: audit.checkpointSeconds * 1000,
        logger: { log: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m), error: (m) => this.logger.error(m) },
      },
      onActive: (checkpointer) => {
        this.active = checkpointer;
        if (checkpointer) this.logger.log({ msg: 'checkpointer running', keyId: signingKey.keyId, every: audit.checkpointEvery, seconds: audit.checkpointSeconds });
      },
    });
  }

  status(): CheckpointerStatus | undefined {
    return this.active?.status();
  }

  /** Covers the log up to now and signs at the head (tests, operators). Undefined when not active here. */
  async checkpointNow() {
    return this.active?.checkpointNow();
  }
}
