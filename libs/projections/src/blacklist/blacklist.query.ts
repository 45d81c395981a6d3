import type { SqlExecutor } from '@cluebus/eventstore';

/** Whom to look for, and on which day (YYYY-MM-DD): at most one of uscc, idToken, name; none lists everyone. */
export interface BlacklistFilter {
  uscc?: string;
  idToken?: string;
  /** Part of an enterprise's or institution's name (whitespace ignored, case-insensitive). */
  name?: string;
  asOf: string;
}

/** One sanction in force on the asked day, with its provenance. Every field present (null when it does not apply). */
export interface BlacklistRow {
  sanctionId: string;
  subjectKey: string;
  subjectKind: string;
  uscc: string | null;
  name: string | null;
  department: string;
  measure: string;
  measureKind: string;
  catalogueVersion: string;
  ratingScheme: string | null;
  ratingGrade: string | null;
  legalBasis: string;
  caseIds: string[];
  findingEventIds: string[];
  startsOn: string;
  endsOn: string | null;
  imposedEventId: string;
  triggerEventId: string | null;
  triggerSanctionId: string | null;
  triggerRule: string | null;
}

export interface BlacklistChange {
  position: number;
  eventId: string;
  eventType: string;
  change: 'listed' | 'delisted';
  sanctionId: string;
  subjectKey: string;
  department: string;
  measure: string;
  effectiveOn: string;
  recordedAt: string;
}

const likeTerm = (name: string): string => `%${name.replace(/\s+/g, '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const json = (v: unknown): string[] => (typeof v === 'string' ? JSON.parse(v) : (v as string[]));

/** In force on `day` (an SQL expression): started, not past its last day, not ended (revoked, expired, repaired) on or before it. */
const inForceOn = (day: string, t = '') =>
  `${t}starts_on <= ${day} AND (${t}ends_on IS NULL OR ${t}ends_on >= ${day}) AND (${t}ended_on IS NULL OR ${t}ended_on > ${day})`;

/** In force on `asOf`, whom the filter names. */
export async function queryBlacklist(sql: SqlExecutor, filter: BlacklistFilter): Promise<BlacklistRow[]> {
  // Only the filters asked for: one statement text per kind of lookup, each a plain index
  // condition the planner takes at a glance (`$2 IS NULL OR uscc = $2` made it plan all three).
  const params: unknown[] = [filter.asOf];
  const where = [inForceOn('$1')];
  const and = (condition: (n: string) => string, value: unknown) => where.push(condition(`$${params.push(value)}`));
  if (filter.uscc !== undefined) and((n) => `uscc = ${n}`, filter.uscc);
  if (filter.idToken !== undefined) and((n) => `id_token = ${n}`, filter.idToken);
  if (filter.name !== undefined) and((n) => `replace(name, ' ', '') ILIKE ${n}`, likeTerm(filter.name));
  const { rows } = await sql.query<Record<string, unknown>>(
    `SELECT * FROM cluebus_blacklist_sanctions WHERE ${where.join(' AND ')} ORDER BY subject_key, starts_on, imposed_position`,
    params,
  );
  return rows.map(toBlacklistRow);
}

/** A lookup of one subject by its key, the kind a procurement platform makes by the thousand. */
export type BlacklistKeyLookup = { uscc: string; asOf: string } | { idToken: string; asOf: string };

/**
 * Many key lookups in one statement, each answered as `queryBlacklist` answers it (same rows,
 * same order): lookups that arrive together share one round trip, one plan and one row
 * description instead of paying each (on loopback every statement's socket write is the
 * larger cost of a lookup: BENCHMARKS.md). Each half is a nested loop over its partial index.
 */
export async function queryBlacklistByKeys(sql: SqlExecutor, lookups: readonly BlacklistKeyLookup[]): Promise<BlacklistRow[][]> {
  const half = (column: 'uscc' | 'id_token') => ({ keys: [] as string[], days: [] as string[], ords: [] as number[], column });
  const [byUscc, byToken] = [half('uscc'), half('id_token')];
  lookups.forEach((l, ord) => {
    const h = 'uscc' in l ? byUscc : byToken;
    h.keys.push('uscc' in l ? l.uscc : l.idToken);
    h.days.push(l.asOf);
    h.ords.push(ord);
  });
  const params: unknown[] = [];
  const select = (h: ReturnType<typeof half>) => {
    const [k, d, o] = [params.push(h.keys), params.push(h.days), params.push(h.ords)];
    return `SELECT k.ord, s.* FROM unnest($${k}::text[], $${d}::text[], $${o}::int[]) AS k(key, as_of, ord)
      JOIN cluebus_blacklist_sanctions s ON s.${h.column} = k.key
      WHERE s.${h.column} IS NOT NULL AND ${inForceOn('k.as_of', 's.')}`;
  };
  const parts = [byUscc, byToken].filter((h) => h.keys.length > 0).map(select);
  const answers: BlacklistRow[][] = lookups.map(() => []);
  if (parts.length === 0) return answers;
  const { rows } = await sql.query<Record<string, unknown>>(
    `${parts.map((p) => `(${p})`).join(' UNION ALL ')} ORDER BY ord, subject_key, starts_on, imposed_position`,
    params,
  );
  for (const r of rows) answers[Number(r.ord)].push(toBlacklistRow(r));
  return answers;
}

function toBlacklistRow(r: Record<string, unknown>): BlacklistRow {
  return {
    sanctionId: String(r.sanction_id),
    subjectKey: String(r.subject_key),
    subjectKind: String(r.subject_kind),
    uscc: (r.uscc as string) ?? null,
    name: (r.name as string) ?? null,
    department: String(r.department),
    measure: String(r.measure),
    measureKind: String(r.measure_kind),
    catalogueVersion: String(r.catalogue_version),
    ratingScheme: (r.rating_scheme as string) ?? null,
    ratingGrade: (r.rating_grade as string) ?? null,
    legalBasis: String(r.legal_basis),
    caseIds: json(r.case_ids),
    findingEventIds: json(r.finding_event_ids),
    startsOn: String(r.starts_on),
    endsOn: (r.ends_on as string) ?? null,
    imposedEventId: String(r.imposed_event_id),
    triggerEventId: (r.trigger_event_id as string) ?? null,
    triggerSanctionId: (r.trigger_sanction_id as string) ?? null,
    triggerRule: (r.trigger_rule as string) ?? null,
  };
}

/** The listed/delisted feed after `since` (a global log position), oldest first. */
export async function queryBlacklistChanges(sql: SqlExecutor, since: number, limit: number): Promise<BlacklistChange[]> {
  const { rows } = await sql.query<Record<string, unknown>>(`SELECT * FROM cluebus_blacklist_changes WHERE position > $1 ORDER BY position LIMIT $2`, [since, limit]);
  return rows.map((r) => ({
    position: Number(r.position),
    eventId: String(r.event_id),
    eventType: String(r.event_type),
    change: r.change as 'listed' | 'delisted',
    sanctionId: String(r.sanction_id),
    subjectKey: String(r.subject_key),
    department: String(r.department),
    measure: String(r.measure),
    effectiveOn: String(r.effective_on),
    recordedAt: new Date(r.recorded_at as string).toISOString(),
  }));
}

/** Sanctions whose last day is before `today` and that have not ended: due for SanctionExpired (triggered records end with their trigger). */
export async function sanctionsDueToExpire(sql: SqlExecutor, today: string, departmentCodes: readonly string[]): Promise<Array<{ sanctionId: string; subjectKey: string; department: string }>> {
  const { rows } = await sql.query<{ sanction_id: string; subject_key: string; department: string }>(
    `SELECT sanction_id, subject_key, department FROM cluebus_blacklist_sanctions
     WHERE ended_on IS NULL AND ends_on IS NOT NULL AND ends_on < $1 AND trigger_sanction_id IS NULL AND split_part(department, ':', 1) = ANY($2::text[])
     ORDER BY ends_on, sanction_id`,
    [today, [...departmentCodes]],
  );
  return rows.map((r) => ({ sanctionId: r.sanction_id, subjectKey: r.subject_key, department: r.department }));
}
