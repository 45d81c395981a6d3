import type { Checkpoint, HashAlgorithm } from '@cluebus/audit';
import type { SqlExecutor } from '../sql/sql-client';

interface CheckpointRow {
  tree_size: string | number;
  root_hash: string;
  algorithm: string;
  issued_at: string;
  key_id: string;
  signature: string;
}

const CHECKPOINT_COLUMNS = 'tree_size, root_hash, algorithm, issued_at, key_id, signature';

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    algorithm: row.algorithm as HashAlgorithm,
    issuedAt: row.issued_at,
    keyId: row.key_id,
    signature: row.signature,
  };
}

/** The signed checkpoints as stored: read by anyone, written only by the checkpointer. */
export const checkpointLog = {
  async list(sql: SqlExecutor): Promise<Checkpoint[]> {
    const { rows } = await sql.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM cluebus_log_checkpoints ORDER BY tree_size`);
    return rows.map(toCheckpoint);
  },

  async latest(sql: SqlExecutor): Promise<Checkpoint | undefined> {
    const { rows } = await sql.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM cluebus_log_checkpoints ORDER BY tree_size DESC LIMIT 1`,
    );
    return rows[0] && toCheckpoint(rows[0]);
  },

  async atSize(sql: SqlExecutor, treeSize: number): Promise<Checkpoint | undefined> {
    const { rows } = await sql.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM cluebus_log_checkpoints WHERE tree_size = $1`, [treeSize]);
    return rows[0] && toCheckpoint(rows[0]);
  },

  /** Inserts; a checkpoint of the same size already stored is kept (true when this one was new). */
  async insert(sql: SqlExecutor, cp: Checkpoint): Promise<boolean> {
    const { rows } = await sql.query(
      `INSERT INTO cluebus_log_checkpoints (${CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tree_size) DO NOTHING RETURNING tree_size`,
      [cp.treeSize, cp.rootHash, cp.algorithm, cp.issuedAt, cp.keyId, cp.signature],
    );
    return rows.length === 1;
  },
};

/** Public keys that signed checkpoints, by key id. */
export const signingKeyRegistry = {
  async register(sql: SqlExecutor, keyId: string, publicKeyPem: string): Promise<void> {
    await sql.query(
      `INSERT INTO cluebus_signing_keys (key_id, algorithm, public_key_pem) VALUES ($1, 'ed25519', $2) ON CONFLICT (key_id) DO NOTHING`,
      [keyId, publicKeyPem],
    );
  },

  async list(sql: SqlExecutor): Promise<Array<{ keyId: string; algorithm: string; publicKeyPem: string; registeredAt: string }>> {
    const { rows } = await sql.query<{ key_id: string; algorithm: string; public_key_pem: string; registered_at: Date | string }>(
      `SELECT key_id, algorithm, public_key_pem, registered_at FROM cluebus_signing_keys ORDER BY registered_at, key_id`,
    );
    return rows.map((r) => ({
      keyId: r.key_id,
      algorithm: r.algorithm,
      publicKeyPem: r.public_key_pem,
      registeredAt: new Date(r.registered_at).toISOString(),
    }));
  },
};
