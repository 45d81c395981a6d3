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

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return this.applyBatch(tx, [event]);
  }

  /**
   * A page in four statements, whatever its size (a rebuild replays the whole log: one
   * round trip per event kept it at ~3,000 events/s). Same result as one event at a time, in
   * log order: impositions go in first (an end always follows its imposition in the log); of
   * several ends of one sanction the first wins, as `ended_on IS NULL` makes the later ones
   * no-ops; an end of a sanction ended before this page changes nothing and records nothing.
   */
  async applyBatch(tx: SqlExecutor, events: RecordedEvent[]): Promise<void> {
    const imposedEvents: Array<{ event: RecordedEvent; data: SanctionImposed }> = [];
    const ends = new Map<string, { event: RecordedEvent; endedOn: string; kind: string }>();
    for (const event of events) {
      if (!event.streamId.startsWith(SUBJECT_STREAM_PREFIX)) continue;
      const e = { type: event.type, data: event.data } as unknown as SubjectEvent;
      if (e.type === 'SanctionImposed') imposedEvents.push({ event, data: e.data });
      else if (e.type in END_KIND && !ends.has(e.data.sanctionId)) ends.set(e.data.sanctionId, { event, endedOn: e.data.endedOn, kind: END_KIND[e.type] });
    }
    if (imposedEvents.length > 0) await imposed(tx, imposedEvents);
    if (ends.size > 0) await ended(tx, ends);
  }
}

/** Column arrays for `unnest`: one parameter per column, not one statement per row. */
const columns = <T>(rows: T[], pick: Array<(row: T) => unknown>): unknown[][] => pick.map((f) => rows.map(f));

async function imposed(tx: SqlExecutor, rows: Array<{ event: RecordedEvent; data: SanctionImposed }>): Promise<void> {
  await tx.query(
    `INSERT INTO cluebus_blacklist_sanctions (sanction_id, subject_key, subject_kind, uscc, id_token, name, department, measure, measure_kind,
       catalogue_version, rating_scheme, rating_grade, legal_basis, case_ids, finding_event_ids, starts_on, ends_on, imposed_event_id,
       trigger_event_id, trigger_sanction_id, trigger_rule, imposed_position)
     SELECT sanction_id, subject_key, subject_kind, uscc, id_token, name, department, measure, measure_kind, catalogue_version, rating_scheme,
       rating_grade, legal_basis, case_ids::jsonb, finding_event_ids::jsonb, starts_on, ends_on, imposed_event_id, trigger_event_id,
       trigger_sanction_id, trigger_rule, imposed_position
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
       $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::uuid[], $19::uuid[], $20::uuid[],
       $21::text[], $22::bigint[])
       AS r(sanction_id, subject_key, subject_kind, uscc, id_token, name, department, measure, measure_kind, catalogue_version, rating_scheme,
         rating_grade, legal_basis, case_ids, finding_event_ids, starts_on, ends_on, imposed_event_id, trigger_event_id, trigger_sanction_id,
         trigger_rule, imposed_position)
     ON CONFLICT DO NOTHING`,
    columns(rows, [
      (r) => r.data.sanctionId,
      (r) => r.data.subject.key,
      (r) => r.data.subject.kind,
      (r) => r.data.subject.uscc ?? null,
      (r) => r.data.subject.idToken ?? null,
      (r) => r.data.subject.name ?? null,
      (r) => r.data.department,
      (r) => r.data.measure,
      (r) => r.data.measureKind,
      (r) => r.data.catalogueVersion,
      (r) => r.data.rating?.scheme ?? null,
      (r) => r.data.rating?.grade ?? null,
      (r) => r.data.legalBasis,
      (r) => JSON.stringify(r.data.caseIds),
      (r) => JSON.stringify(r.data.findingEventIds),
      (r) => r.data.startsOn,
      (r) => r.data.endsOn ?? null,
      (r) => r.event.eventId,
      (r) => r.data.trigger?.eventId ?? null,
      (r) => r.data.trigger?.sanctionId ?? null,
      (r) => r.data.trigger?.rule ?? null,
      (r) => r.event.globalPosition,
    ]),
  );
  await changes(
    tx,
    rows.map(({ event, data }) => ({ event, change: 'listed', sanctionId: data.sanctionId, subjectKey: data.subject.key, department: data.department, measure: data.measure, on: data.startsOn })),
  );
}

async function ended(tx: SqlExecutor, ends: Map<string, { event: RecordedEvent; endedOn: string; kind: string }>): Promise<void> {
  const list = [...ends.entries()];
  const { rows } = await tx.query<{ sanction_id: string; subject_key: string; department: string; measure: string }>(
    `UPDATE cluebus_blacklist_sanctions s SET ended_on = e.ended_on, end_kind = e.end_kind, ended_event_id = e.event_id
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[]) AS e(sanction_id, ended_on, end_kind, event_id)
     WHERE s.sanction_id = e.sanction_id AND s.ended_on IS NULL
     RETURNING s.sanction_id, s.subject_key, s.department, s.measure`,
    columns(list, [([id]) => id, ([, e]) => e.endedOn, ([, e]) => e.kind, ([, e]) => e.event.eventId]),
  );
  await changes(
    tx,
    rows.map((r) => {
      const e = ends.get(String(r.sanction_id))!;
      return { event: e.event, change: 'delisted', sanctionId: String(r.sanction_id), subjectKey: r.subject_key, department: r.department, measure: r.measure, on: e.endedOn };
    }),
  );
}

interface Change {
  event: RecordedEvent;
  change: 'listed' | 'delisted';
  sanctionId: string;
  subjectKey: string;
  department: string;
  measure: string;
  on: string;
}

function changes(tx: SqlExecutor, rows: Change[]) {
  if (rows.length === 0) return Promise.resolve();
  return tx.query(
    `INSERT INTO cluebus_blacklist_changes (position, event_id, event_type, change, sanction_id, subject_key, department, measure, effective_on, recorded_at)
     SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])
     ON CONFLICT DO NOTHING`,
    columns(rows, [
      (r) => r.event.globalPosition,
      (r) => r.event.eventId,
      (r) => r.event.type,
      (r) => r.change,
      (r) => r.sanctionId,
      (r) => r.subjectKey,
      (r) => r.department,
      (r) => r.measure,
      (r) => r.on,
      (r) => r.event.recordedAt,
    ]),
  );
}
