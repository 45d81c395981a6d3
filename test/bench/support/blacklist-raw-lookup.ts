/**
 * The blacklist bench's raw lookup: the indexed SELECT a lookup by USCC or by ID token comes down
 * to, run by the bench's raw side through its pool and by the bare HTTP floor
 * (bare-lookup-server.ts), so the two stay the same query.
 */
export const rawLookupSql = (column: 'uscc' | 'id_token') =>
  `SELECT * FROM cluebus_blacklist_sanctions WHERE ${column} = $1 AND starts_on <= $2 AND (ends_on IS NULL OR ends_on >= $2) AND (ended_on IS NULL OR ended_on > $2)`;
