import { Inject, Injectable } from '@nestjs/common';
import { CLUE_EVENT_VERSIONS, clueStreamId } from '@cluebus/contracts';
import { clueDecider, ROUTING_POLICY_V1, type ClueCommand, type DecisionContext } from '@cluebus/domain';
import { EVENT_STORE, type EventStore, type SqlClient } from '@cluebus/eventstore';
import { CommandIds } from '../../commands/command-ids';
import { handleCommand } from '../../commands/handle-command';
import { contractSchemaCheck } from '../../commands/event-schema-check';
import { type CandidateScan, recordEach } from '../../commands/scan-commands';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../../config/cluebus-config';
import { CluebusMetrics } from '../../metrics/cluebus-metrics';
import { SQL_CLIENT } from '../../runtime/tokens';
import { CLOCK, type Clock } from './clock';

/** The envelope's actor of what the scheduler records: a system, acting for the late recipient. */
export const OVERDUE_ACTOR = 'cluebus:overdue';

export type DeadlineKind = 'acknowledge' | 'feedback';

/** Transfers past a deadline found in the inbox, and what their TransferOverdue commands did (a refusal: answered in the meantime, already recorded). */
export type OverdueScan = CandidateScan;

interface Candidate {
  department: string;
  transfer_id: string;
  clue_id: string;
  deadline: DeadlineKind;
  /** The deadline missed, as the inbox holds it (an extension moves it). */
  due_at: Date | string;
  /** An extension (延期) moved this deadline at least once. */
  extended: boolean;
}

/**
 * Finds transfers whose 签收 or 反馈 deadline passed unanswered (from the inbox projection of the
 * departments this process hosts) and records TransferOverdue through the one command path, in
 * the name of the late recipient. The command's ids are derived from (recipient, transfer,
 * deadline kind) as from an Idempotency-Key (docs/adr/0003): a second scan, a restart or a
 * second replica issue the very same command and handleCommand answers it from the events
 * already stored; the decider refuses a second TransferOverdue anyway (OverdueMayBeRecordedOnce).
 */
@Injectable()
export class OverdueScheduler {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CLUEBUS_CONFIG) private readonly config: CluebusConfig,
    private readonly metrics: CluebusMetrics,
  ) {}

  /** The lease all replicas of the same departments share: one scans, the others stand by. */
  get leaseName(): string {
    return `overdue-${[...this.config.departments].sort().join('+')}`;
  }

  async scan(): Promise<OverdueScan> {
    const now = this.clock.now();
    const { rows } = await this.sql.query<Candidate>(
      `SELECT department, transfer_id, clue_id, 'acknowledge' AS deadline, acknowledge_by AS due_at, acknowledge_extended AS extended FROM cluebus_inbox
         WHERE split_part(department, ':', 1) = ANY($1::text[]) AND status = 'pending' AND NOT overdue_acknowledge AND acknowledge_by < $2
       UNION ALL
       SELECT department, transfer_id, clue_id, 'feedback' AS deadline, feedback_by AS due_at, feedback_extended AS extended FROM cluebus_inbox
         WHERE split_part(department, ':', 1) = ANY($1::text[]) AND status = 'acknowledged' AND NOT overdue_feedback AND feedback_by < $2
       ORDER BY 3, 2, 1, 4`,
      [[...this.config.departments], now],
    );
    return recordEach(rows, (row) => this.record(row, now));
  }

  private async record(row: Candidate, now: Date): Promise<{ replayed: boolean }> {
    const command: ClueCommand = { type: 'RecordOverdue', data: { transferId: row.transfer_id, recipient: row.department, deadline: row.deadline } };
    const decision: DecisionContext = {
      actor: row.department,
      now,
      deadlines: { acknowledgeDays: this.config.acknowledgeDays, feedbackDays: this.config.feedbackDays },
      routingPolicy: ROUTING_POLICY_V1,
    };
    const handled = await this.metrics.track(command.type, () =>
      handleCommand(this.store, clueStreamId(row.clue_id), clueDecider, command, OverdueScheduler.idsOf(row.department, row.transfer_id, row.deadline, row.extended ? new Date(row.due_at) : undefined), {
        decision,
        envelope: { department: row.department, actor: OVERDUE_ACTOR, occurredAt: now },
        schemaVersions: CLUE_EVENT_VERSIONS,
        schemas: contractSchemaCheck(),
      }),
    );
    return handled;
  }

  /**
   * Never change the derivation: the ids of overdue notices already stored depend on it.
   *
   * A deadline is missed once per due date. An extension (延期) moves the due date, and missing
   * the new one is a new miss: were its ids those of the first miss, handleCommand would answer
   * it as a replay and store nothing — so an extended deadline's ids also name the due date
   * (`extendedDueAt`, the instant the inbox holds). A never-extended deadline keeps the original
   * derivation (no due date): notices stored before extensions existed keep their ids, and a
   * restarted scan of such a deadline is still recognised as the same command.
   */
  static idsOf(recipient: string, transferId: string, deadline: DeadlineKind, extendedDueAt?: Date): CommandIds {
    if (extendedDueAt === undefined) return new CommandIds(recipient, `overdue/${transferId}/${deadline}`);
    return new CommandIds(recipient, `overdue/${transferId}/${deadline}/${extendedDueAt.toISOString()}`);
  }
}
