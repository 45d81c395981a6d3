import { SUBJECT_STREAM_PREFIX, type RecordedEvent, type SanctionImposed, type SubjectEvent } from '@cluebus/contracts';
import { schemaScript, type SqlExecutor } from '@cluebus/eventstore';
import type { Projection } from '../consumer/idempotent-projector';

export const BLACKLIST = 'blacklist';

/** One row per sanction (moved when it ends): state. */
export const BLACKLIST_STATE_TABLES = ['cluebus_blacklist_sanctions'] as const;
/** The listed/delisted feed, one row per subject event: history (insert only). */
export const BLACKLIST_HISTORY_TABLES = ['cluebus_blacklist_changes'] as const;

/**
 * Days are kept as text YYYY-MM-DD (Asia/Shanghai), compared as text: a `date` column would be
 * turned into a JS Date at local midnight by the driver and come back a day off elsewhere.
 * Persons appear by ID token only; `name` is an enterprise's or institution's (not personal data).
 */
export const BLACKLIST_SCHEMA = schemaScript({
  tables: [...BLACKLIST_STATE_TABLES, ...BLACKLIST_HISTORY_TABLES],
  appendOnly: [],
  ddl: [
    `CREATE TABLE IF NOT EXISTS cluebus_blacklist_sanctions (
  sanction_id         uuid   PRIMARY KEY,
  subject_key         text   NOT NULL,
  subject_kind        text   NOT NULL,
  uscc                text,
  id_token            text,
  name                text,
  department          text   NOT NULL,
  measure             text   NOT NULL,
  measure_kind        text   NOT NULL,
  catalogue_version   text   NOT NULL,
  rating_scheme       text,
  rating_grade        text,
  legal_basis         text   NOT NULL,
  case_ids            jsonb  NOT NULL,
  finding_event_ids   jsonb  NOT NULL,
  starts_on           text   NOT NULL,
  ends_on             text,
  ended_on            text,
  end_kind            text,
  imposed_event_id    uuid   NOT NULL,
  ended_event_id      uuid,
  trigger_event_id    uuid,
  trigger_sanction_id uuid,
  trigger_rule        text,
  imposed_position    bigint NOT NULL
)`,
    `CREATE INDEX IF NOT EXISTS cluebus_blacklist_by_uscc ON cluebus_blacklist_sanctions (uscc) WHERE uscc IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS cluebus_blacklist_by_token ON cluebus_blacklist_sanctions (id_token) WHERE id_token IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS cluebus_blacklist_due ON cluebus_blacklist_sanctions (ends_on) WHERE ended_on IS NULL AND ends_on IS NOT NULL`,
    `CREATE TABLE IF NOT EXISTS cluebus_blacklist_changes (
  position     bigint PRIMARY KEY,
  event_id     uuid   NOT NULL,
  event_type   text   NOT NULL,
  change       text   NOT NULL,
  sanction_id  uuid   NOT NULL,
  subject_key  text   NOT NULL,
  department   text   NOT NULL,
  measure      text   NOT NULL,
  effective_on text   NOT NULL,
  recorded_at  timestamptz NOT NULL
)`,
  ],
});

const END_KIND: Record<Exclude<SubjectEvent['type'], 'SanctionImposed'>, string> = {
  SanctionRevoked: 'revoked',
  SanctionExpired: 'expired',
  CreditRepaired: 'repaired',
};

/**
 * 黑名单: who is listed, by whom, why, since when, until when — with the events that prove it —
 * fed from the store's global log by the projection host (storeProjectionProcessor: a page and
 * its checkpoint commit together, so each event is applied once by position). Every row is a
 * function of the log alone: dropping the tables and the checkpoint rebuilds the same answers.
 */
export class BlacklistProjection implements Projection {
  readonly name = BLACKLIST;
  readonly schema = BLACKLIST_SCHEMA;

  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    if (!event.streamId.startsWith(SUBJECT_STREAM_PREFIX)) return;
    const e = { type: event.type, data: event.data } as unknown as SubjectEvent;
    if (e.type === 'SanctionImposed') return imposed(tx, event, e.data);
    if (!(e.type in END_KIND)) return;
    const { rows } = await tx.query<{ subject_key: string; department: string; measure: string }>(
      `UPDATE cluebus_blacklist_sanctions SET ended_on = $2, end_kind = $3, ended_event_id = $4
       WHERE sanction_id = $1 AND ended_on IS NULL RETURNING subject_key, department, measure`,
      [e.data.sanctionId, e.data.endedOn, END_KIND[e.type], event.eventId],
    );
    if (rows[0]) await change(tx, event, 'delisted', e.data.sanctionId, rows[0], e.data.endedOn);
  }
}

async function imposed(tx: SqlExecutor, event: RecordedEvent, d: SanctionImposed): Promise<void> {
  await tx.query(
    `INSERT INTO cluebus_blacklist_sanctions (sanction_id, subject_key, subject_kind, uscc, id_token, name, department, measure, measure_kind,
       catalogue_version, rating_scheme, rating_grade, legal_basis, case_ids, finding_event_ids, starts_on, ends_on, imposed_event_id,
       trigger_event_id, trigger_sanction_id, trigger_rule, imposed_position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) ON CONFLICT DO NOTHING`,
    [
      d.sanctionId,
      d.subject.key,
      d.subject.kind,
      d.subject.uscc ?? null,
      d.subject.idToken ?? null,
      d.subject.name ?? null,
      d.department,
      d.measure,
      d.measureKind,
      d.catalogueVersion,
      d.rating?.scheme ?? null,
      d.rating?.grade ?? null,
      d.legalBasis,
      JSON.stringify(d.caseIds),
      JSON.stringify(d.findingEventIds),
      d.startsOn,
      d.endsOn ?? null,
      event.eventId,
      d.trigger?.eventId ?? null,
      d.trigger?.sanctionId ?? null,
      d.trigger?.rule ?? null,
      event.globalPosition,
    ],
  );
  await change(tx, event, 'listed', d.sanctionId, { subject_key: d.subject.key, department: d.department, measure: d.measure }, d.startsOn);
}

function change(tx: SqlExecutor, event: RecordedEvent, kind: 'listed' | 'delisted', sanctionId: string, row: { subject_key: string; department: string; measure: string }, on: string) {
  return tx.query(
    `INSERT INTO cluebus_blacklist_changes (position, event_id, event_type, change, sanction_id, subject_key, department, measure, effective_on, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    [event.globalPosition, event.eventId, event.type, kind, sanctionId, row.subject_key, row.department, row.measure, on, event.recordedAt],
  );
}
