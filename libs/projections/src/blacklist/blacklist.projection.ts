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
  /** A page is two or three statements whatever its size, so larger pages rebuild faster (BENCHMARKS.md: ~47,000 events/s with pages of 2,000, ~54,000 with 5,000). */
  readonly pageSize = 5000;

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return this.applyBatch(tx, [event]);
  }

  /**
   * A page in two or three statements, whatever its size (a rebuild replays the whole log: one
   * round trip per event kept it at ~3,000 events/s). Same result as one event at a time, in
   * log order:
   * - an end always follows its imposition in the log, and of several ends of one sanction the
   *   first wins (`ended_on IS NULL` makes the later ones no-ops);
   * - a sanction imposed and ended in the same page is inserted already ended: one row write
   *   instead of an insert and an update (a rebuild is mostly such pairs, and every update of
   *   `ended_on` writes a new row version with new index entries);
   * - an end of a sanction ended before this page changes nothing and records nothing.
   */
  async applyBatch(tx: SqlExecutor, events: RecordedEvent[]): Promise<void> {
    const imposedEvents: Imposition[] = [];
    const ends = new Map<string, End>();
    for (const event of events) {
      if (!event.streamId.startsWith(SUBJECT_STREAM_PREFIX)) continue;
      const e = { type: event.type, data: event.data } as unknown as SubjectEvent;
      if (e.type === 'SanctionImposed') imposedEvents.push({ event, data: e.data });
      else if (e.type in END_KIND && !ends.has(e.data.sanctionId)) ends.set(e.data.sanctionId, { event, endedOn: e.data.endedOn, kind: END_KIND[e.type] });
    }
    const changed: Change[] = [];
    const endedOnInsert = imposedEvents.length > 0 ? await imposed(tx, imposedEvents, ends, changed) : new Set<string>();
    const later = [...ends].filter(([sanctionId]) => !endedOnInsert.has(sanctionId));
    if (later.length > 0) await ended(tx, new Map(later), changed);
    await changes(tx, changed);
  }
}

interface Imposition {
  event: RecordedEvent;
  data: SanctionImposed;
}
interface End {
  event: RecordedEvent;
  endedOn: string;
  kind: string;
}

/**
 * A page's rows go to the database as one JSON document (json_populate_recordset: keys are the
 * column names): serialised natively on our side and parsed in C on the server, where 22 column
 * arrays cost node-postgres an escaping pass per value (a rebuild is mostly this).
 * Returns the sanctions inserted already ended (their end is in `ends`, so also in this page);
 * a sanction that was there before (ON CONFLICT) is left to the UPDATE, as an end of it would be.
 */
async function imposed(tx: SqlExecutor, rows: Imposition[], ends: ReadonlyMap<string, End>, changed: Change[]): Promise<Set<string>> {
  const { rows: inserted } = await tx.query<{ sanction_id: string; ended: boolean }>(
    `INSERT INTO cluebus_blacklist_sanctions (sanction_id, subject_key, subject_kind, uscc, id_token, name, department, measure, measure_kind,
       catalogue_version, rating_scheme, rating_grade, legal_basis, case_ids, finding_event_ids, starts_on, ends_on, ended_on, end_kind,
       imposed_event_id, ended_event_id, trigger_event_id, trigger_sanction_id, trigger_rule, imposed_position)
     SELECT sanction_id, subject_key, subject_kind, uscc, id_token, name, department, measure, measure_kind, catalogue_version, rating_scheme,
       rating_grade, legal_basis, case_ids, finding_event_ids, starts_on, ends_on, ended_on, end_kind, imposed_event_id, ended_event_id,
       trigger_event_id, trigger_sanction_id, trigger_rule, imposed_position
     FROM json_populate_recordset(NULL::cluebus_blacklist_sanctions, $1::json)
     ON CONFLICT DO NOTHING
     RETURNING sanction_id, ended_on IS NOT NULL AS ended`,
    [
      JSON.stringify(
        rows.map(({ event, data }) => {
          const end = ends.get(data.sanctionId);
          return {
            sanction_id: data.sanctionId,
            subject_key: data.subject.key,
            subject_kind: data.subject.kind,
            uscc: data.subject.uscc ?? null,
            id_token: data.subject.idToken ?? null,
            name: data.subject.name ?? null,
            department: data.department,
            measure: data.measure,
            measure_kind: data.measureKind,
            catalogue_version: data.catalogueVersion,
            rating_scheme: data.rating?.scheme ?? null,
            rating_grade: data.rating?.grade ?? null,
            legal_basis: data.legalBasis,
            case_ids: data.caseIds,
            finding_event_ids: data.findingEventIds,
            starts_on: data.startsOn,
            ends_on: data.endsOn ?? null,
            ended_on: end?.endedOn ?? null,
            end_kind: end?.kind ?? null,
            imposed_event_id: event.eventId,
            ended_event_id: end?.event.eventId ?? null,
            trigger_event_id: data.trigger?.eventId ?? null,
            trigger_sanction_id: data.trigger?.sanctionId ?? null,
            trigger_rule: data.trigger?.rule ?? null,
            imposed_position: event.globalPosition,
          };
        }),
      ),
    ],
  );
  const endedOnInsert = new Set(inserted.filter((r) => r.ended).map((r) => String(r.sanction_id)));
  for (const { event, data } of rows) {
    changed.push({ event, change: 'listed', sanctionId: data.sanctionId, subjectKey: data.subject.key, department: data.department, measure: data.measure, on: data.startsOn });
    const end = endedOnInsert.has(data.sanctionId) ? ends.get(data.sanctionId) : undefined;
    if (end) changed.push(delisting(end, { sanctionId: data.sanctionId, subjectKey: data.subject.key, department: data.department, measure: data.measure }));
  }
  return endedOnInsert;
}

async function ended(tx: SqlExecutor, ends: ReadonlyMap<string, End>, changed: Change[]): Promise<void> {
  const { rows } = await tx.query<{ sanction_id: string; subject_key: string; department: string; measure: string }>(
    `UPDATE cluebus_blacklist_sanctions s SET ended_on = e.ended_on, end_kind = e.end_kind, ended_event_id = e.event_id
     FROM json_to_recordset($1::json) AS e(sanction_id uuid, ended_on text, end_kind text, event_id uuid)
     WHERE s.sanction_id = e.sanction_id AND s.ended_on IS NULL
     RETURNING s.sanction_id, s.subject_key, s.department, s.measure`,
    [JSON.stringify([...ends].map(([sanctionId, e]) => ({ sanction_id: sanctionId, ended_on: e.endedOn, end_kind: e.kind, event_id: e.event.eventId })))],
  );
  for (const r of rows) {
    const sanctionId = String(r.sanction_id);
    changed.push(delisting(ends.get(sanctionId)!, { sanctionId, subjectKey: r.subject_key, department: r.department, measure: r.measure }));
  }
}

/** The feed's row for a sanction's end, whether it ended in the page that imposed it or later. */
function delisting(end: End, sanction: Pick<Change, 'sanctionId' | 'subjectKey' | 'department' | 'measure'>): Change {
  return { event: end.event, change: 'delisted', ...sanction, on: end.endedOn };
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
     SELECT position, event_id, event_type, change, sanction_id, subject_key, department, measure, effective_on, recorded_at
     FROM json_populate_recordset(NULL::cluebus_blacklist_changes, $1::json)
     ON CONFLICT DO NOTHING`,
    [
      JSON.stringify(
        rows.map((r) => ({
          position: r.event.globalPosition,
          event_id: r.event.eventId,
          event_type: r.event.type,
          change: r.change,
          sanction_id: r.sanctionId,
          subject_key: r.subjectKey,
          department: r.department,
          measure: r.measure,
          effective_on: r.on,
          recorded_at: r.event.recordedAt,
        })),
      ),
    ],
  );
}
