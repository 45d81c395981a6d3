/**
 * A non-idempotent probe of the projections' effects, installed by a test in the cluster's
 * database (no production code knows it): a table WITHOUT any unique key and BEFORE INSERT OR
 * UPDATE row triggers on the effect tables that log one row per statement row they see.
 *
 * - `cluebus_inbox`: key `<department>/<transfer_id>`, position = NEW.event_position (the global
 *   position of the event being applied: the projection writes it on insert and on every update).
 *   A BEFORE INSERT trigger fires before the conflict check, so an `INSERT … ON CONFLICT DO
 *   NOTHING` that ends up conflicting — a second application of a ClueTransferred — still logs.
 * - `cluebus_ledger_departments`: key = department, position = NEW.last_event_position, and the
 *   row's counters in `counts`. The ledger upserts ONE row per department per batch (the batch's
 *   sums): the BEFORE INSERT firing carries exactly that batch's deltas and the highest position
 *   among the batch's events for the department, whether the upsert then inserts or updates; a
 *   conflicting upsert fires BEFORE UPDATE as well, with the summed totals (logged as `UPDATE`).
 *
 * The triggers write in the projection's own transaction, so an attempt that rolls back (an
 * outage mid-batch, a batch retried message by message) leaves nothing: the probe holds exactly
 * the effects that were committed.
 */
import type { Pool } from 'pg';

export const PROBE_TABLE = 'cluebus_test_effect_probe';

export interface ProbeRow {
  tbl: 'cluebus_inbox' | 'cluebus_ledger_departments';
  op: 'INSERT' | 'UPDATE';
  key: string;
  position: number;
  /** inbox: status, reason, from, via; ledger: the row's counters as seen by the trigger. */
  detail: Record<string, unknown>;
  txid: string;
  at: Date;
}

export const LEDGER_COUNTERS = ['clues_registered', 'transfers_sent', 'forwards_sent', 'transfers_received', 'acknowledged', 'rejected', 'answered'] as const;
export type LedgerCounter = (typeof LEDGER_COUNTERS)[number];

const INSTALL = `
CREATE TABLE ${PROBE_TABLE} (
  tbl      text        NOT NULL,
  op       text        NOT NULL,
  key      text        NOT NULL,
  position bigint,
  detail   jsonb,
  txid     bigint      NOT NULL DEFAULT txid_current(),
  at       timestamptz NOT NULL DEFAULT now()
); -- no primary key, no unique index: two applications of one effect are two rows

CREATE FUNCTION ${PROBE_TABLE}_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ${PROBE_TABLE} (tbl, op, key, position, detail)
  VALUES (TG_TABLE_NAME, TG_OP, NEW.department || '/' || NEW.transfer_id, NEW.event_position,
          jsonb_build_object('status', NEW.status, 'reason', NEW.reason, 'from', NEW.from_department, 'via', NEW.via_transfer_id));
  RETURN NEW;
END $$;
CREATE TRIGGER ${PROBE_TABLE} BEFORE INSERT OR UPDATE ON cluebus_inbox
  FOR EACH ROW EXECUTE FUNCTION ${PROBE_TABLE}_inbox();

CREATE FUNCTION ${PROBE_TABLE}_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ${PROBE_TABLE} (tbl, op, key, position, detail)
  VALUES (TG_TABLE_NAME, TG_OP, NEW.department, NEW.last_event_position,
          jsonb_build_object(${LEDGER_COUNTERS.map((c) => `'${c}', NEW.${c}`).join(', ')}));
  RETURN NEW;
END $$;
CREATE TRIGGER ${PROBE_TABLE} BEFORE INSERT OR UPDATE ON cluebus_ledger_departments
  FOR EACH ROW EXECUTE FUNCTION ${PROBE_TABLE}_ledger();
`;

/** Installs the probe; the effect tables must exist (the services create them on start). */
export async function installEffectProbe(sql: Pool): Promise<void> {
  const client = await sql.connect();
  try {
    await client.query('BEGIN');
    await client.query(INSTALL);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function readProbe(sql: Pool): Promise<ProbeRow[]> {
  const { rows } = await sql.query(`SELECT tbl, op, key, position, detail, txid::text AS txid, at FROM ${PROBE_TABLE} t ORDER BY t.at, t.txid`);
  return rows.map((r) => ({ ...r, position: Number(r.position) }));
}
