import type { RecordedEvent } from '@cluebus/contracts';
import { schemaScript, type SqlExecutor } from '@cluebus/eventstore';
import type { Projection } from '../consumer/idempotent-projector';
import { type LedgerChange, ledgerChangesOf } from './transfer-ledger.changes';

export const TRANSFER_LEDGER = 'transfer-ledger';

/** The tables of the transfer ledger (for the role layout's grants). */
export const TRANSFER_LEDGER_TABLES = ['cluebus_transfer_ledger', 'cluebus_transfer_ledger_clues', 'cluebus_transfer_ledger_findings'] as const;

/**
 * Set up by whoever may (the migration role, or PGlite's one user) and a no-op once the tables
 * are there, like the store's own schema (schemaScript, docs/adr/0007): a service role that may
 * not create tables runs it on every start without error.
 */
export const TRANSFER_LEDGER_SCHEMA = schemaScript({
  tables: TRANSFER_LEDGER_TABLES,
  appendOnly: [],
  ddl: [
    `CREATE TABLE IF NOT EXISTS cluebus_transfer_ledger (
  transfer_id         uuid        NOT NULL,
  recipient           text        NOT NULL,
  clue_id             uuid        NOT NULL,
  sender              text        NOT NULL,
  kind                text        NOT NULL,
  via_transfer_id     uuid,
  basis               text        NOT NULL,
  note                text,
  status              text        NOT NULL,
  reason              text,
  acknowledge_by      timestamptz NOT NULL,
  feedback_by         timestamptz NOT NULL,
  transferred_at      timestamptz NOT NULL,
  acknowledged_at     timestamptz,
  rejected_at         timestamptz,
  answered_at         timestamptz,
  overdue_acknowledge boolean     NOT NULL DEFAULT false,
  overdue_feedback    boolean     NOT NULL DEFAULT false,
  overdue_recorded    boolean     NOT NULL DEFAULT false,
  supervision_level   integer     NOT NULL DEFAULT 0,
  supervision_due_by  timestamptz,
  extension_state     text,
  extension_deadline  text,
  extension_days      integer,
  event_position      bigint      NOT NULL,
  PRIMARY KEY (transfer_id, recipient)
)`,
    `CREATE INDEX IF NOT EXISTS cluebus_transfer_ledger_by_sender ON cluebus_transfer_ledger (sender, transferred_at)`,
    `CREATE INDEX IF NOT EXISTS cluebus_transfer_ledger_by_recipient ON cluebus_transfer_ledger (recipient, transferred_at)`,
    `CREATE TABLE IF NOT EXISTS cluebus_transfer_ledger_clues (
  clue_id       uuid PRIMARY KEY,
  category      text NOT NULL,
  registered_by text NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS cluebus_transfer_ledger_findings (
  clue_id    uuid NOT NULL,
  department text NOT NULL,
  result     text NOT NULL,
  PRIMARY KEY (clue_id, department)
)`,
  ],
});

/**
 * 台账 of every transfer and forward, one row per (transfer, recipient), for senders and
 * recipients alike, fed from the store's global log (not a department topic: a department's
 * Kafka principal reads only its own topic, ADR 0008, and the transfers it sent are not on it).
 *
 * It has no dedup marks: the store-tail processor applies a page of the log and moves its
 * checkpoint in one transaction, so each event is applied exactly once by position. Category
 * and outcome live in two small side tables joined at query time, so their order relative to
 * the transfers does not matter.
 */
export class TransferLedgerProjection implements Projection {
  readonly name = TRANSFER_LEDGER;
  readonly schema = TRANSFER_LEDGER_SCHEMA;

  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    for (const change of ledgerChangesOf(event)) await applyChange(tx, change);
  }

  async applyBatch(tx: SqlExecutor, events: RecordedEvent[]): Promise<void> {
    for (const event of events) await this.apply(tx, event);
  }
}

const TABLE = 'cluebus_transfer_ledger';
const ROW = 'transfer_id = $1 AND recipient = $2';

async function applyChange(tx: SqlExecutor, c: LedgerChange): Promise<void> {
  switch (c.kind) {
    case 'clue':
      await tx.query(`INSERT INTO cluebus_transfer_ledger_clues (clue_id, category, registered_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
        c.clueId,
        c.category,
        c.registeredBy,
      ]);
      return;
    case 'open':
      await tx.query(
        `INSERT INTO ${TABLE} (transfer_id, recipient, clue_id, sender, kind, via_transfer_id, basis, note, status,
           acknowledge_by, feedback_by, transferred_at, event_position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
        [c.transferId, c.recipient, c.clueId, c.sender, c.transferKind, c.viaTransferId, c.basis, c.note, c.acknowledgeBy, c.feedbackBy, c.at, c.position],
      );
      return;
    case 'acknowledged':
      await tx.query(`UPDATE ${TABLE} SET status = 'acknowledged', acknowledged_at = $3, event_position = $4 WHERE ${ROW} AND status = 'pending'`, [
        c.transferId,
        c.recipient,
        c.at,
        c.position,
      ]);
      return;
    case 'rejected':
      await tx.query(`UPDATE ${TABLE} SET status = 'rejected', rejected_at = $3, reason = $4, event_position = $5 WHERE ${ROW} AND status = 'pending'`, [
        c.transferId,
        c.recipient,
        c.at,
        c.reason,
        c.position,
      ]);
      return;
    case 'answered':
      await tx.query(`UPDATE ${TABLE} SET status = 'answered', answered_at = $3, event_position = $4 WHERE ${ROW} AND status IN ('pending', 'acknowledged')`, [
        c.transferId,
        c.recipient,
        c.at,
        c.position,
      ]);
      return;
    case 'finding':
      // The latest finding of a department on a clue is its outcome (log order: applied in order).
      await tx.query(
        `INSERT INTO cluebus_transfer_ledger_findings (clue_id, department, result) VALUES ($1, $2, $3)
         ON CONFLICT (clue_id, department) DO UPDATE SET result = EXCLUDED.result`,
        [c.clueId, c.department, c.result],
      );
      return;
    case 'overdue': {
      const column = c.deadline === 'acknowledge' ? 'overdue_acknowledge' : 'overdue_feedback';
      await tx.query(`UPDATE ${TABLE} SET ${column} = true, overdue_recorded = true WHERE ${ROW}`, [c.transferId, c.recipient]);
      return;
    }
    case 'supervised':
      // Levels only grow; the ledger keeps the level reached (a record), also once answered.
      await tx.query(`UPDATE ${TABLE} SET supervision_level = $3, supervision_due_by = $4 WHERE ${ROW} AND supervision_level < $3`, [
        c.transferId,
        c.recipient,
        c.level,
        c.dueBy,
      ]);
      return;
    case 'extension-requested':
      await tx.query(`UPDATE ${TABLE} SET extension_state = 'requested', extension_deadline = $3, extension_days = $4 WHERE ${ROW}`, [
        c.transferId,
        c.recipient,
        c.deadline,
        c.days,
      ]);
      return;
    case 'extension-granted': {
      // The deadline moves; the overdue flag of the old one no longer says the row is late now
      // (overdue_recorded keeps that a deadline was missed, for the statistics).
      const [due, flag] = c.deadline === 'acknowledge' ? ['acknowledge_by', 'overdue_acknowledge'] : ['feedback_by', 'overdue_feedback'];
      await tx.query(`UPDATE ${TABLE} SET ${due} = $3, ${flag} = false, extension_state = 'granted', extension_deadline = $4, extension_days = $5 WHERE ${ROW}`, [
        c.transferId,
        c.recipient,
        c.dueAt,
        c.deadline,
        c.days,
      ]);
      return;
    }
    case 'extension-denied':
      await tx.query(`UPDATE ${TABLE} SET extension_state = 'denied', extension_deadline = $3 WHERE ${ROW}`, [c.transferId, c.recipient, c.deadline]);
      return;
  }
}
