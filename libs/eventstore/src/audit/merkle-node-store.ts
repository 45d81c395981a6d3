import type { SqlExecutor } from '../sql/sql-client';
import { nodeKey, perfectParts, type LeafRange, type MerkleNode } from './merkle-nodes';

/** cluebus_merkle_nodes: written by the checkpointer, read to build proofs. */
export const merkleNodeStore = {
  /** Stores nodes; ones already there are kept (a node of an aligned subtree never changes). */
  async insert(sql: SqlExecutor, nodes: readonly MerkleNode[]): Promise<void> {
    // Large pages go in slices so one statement's arrays stay moderate.
    for (let i = 0; i < nodes.length; i += 20_000) {
      const slice = nodes.slice(i, i + 20_000);
      await sql.query(
        `INSERT INTO cluebus_merkle_nodes (level, idx, hash)
         SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[]) ON CONFLICT (level, idx) DO NOTHING`,
        [slice.map((n) => n.level), slice.map((n) => n.index), slice.map((n) => n.hash)],
      );
    }
  },

  /** The stored nodes that make up `ranges`, by nodeKey, in one query. */
  async forRanges(sql: SqlExecutor, ranges: readonly LeafRange[]): Promise<Map<string, Buffer>> {
    const wanted = new Map<string, { level: number; index: number }>();
    for (const range of ranges) for (const part of perfectParts(range)) wanted.set(nodeKey(part.level, part.index), part);
    const parts = [...wanted.values()];
    if (parts.length === 0) return new Map();
    const { rows } = await sql.query<{ level: number; idx: string | number; hash: Uint8Array }>(
      `SELECT n.level, n.idx, n.hash FROM cluebus_merkle_nodes n
       JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx`,
      [parts.map((p) => p.level), parts.map((p) => p.index)],
    );
    return new Map(rows.map((r) => [nodeKey(Number(r.level), Number(r.idx)), Buffer.from(r.hash)]));
  },
};
