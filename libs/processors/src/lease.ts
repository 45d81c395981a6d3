import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { SqlExecutor } from '@cluebus/eventstore';

/**
 * Leases for singleton processors (relay, checkpointer, schedulers): one row per lease with a
 * fencing token that grows on every change of holder. Time is the database's clock only, so
 * processes with skewed clocks still agree on who holds a lease.
 */
export const LEASE_SCHEMA = `
CREATE TABLE IF NOT EXISTS cluebus_leases (
  name        text        PRIMARY KEY,
  holder      text        NOT NULL,
  token       bigint      NOT NULL,
  acquired_at timestamptz NOT NULL,
  renewed_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
`;

/** A write under a lease that someone else holds by now (a paused or partitioned old leader). */
export class LeaseLostError extends Error {
  constructor(
    readonly lease: string,
    readonly token: number,
  ) {
    super(`lease ${lease} (token ${token}) is no longer held by this process`);
    this.name = 'LeaseLostError';
  }
}

/**
 * What a singleton checks inside the transaction of every write of its position: the lease row
 * is read FOR SHARE, so a takeover (an UPDATE of that row) waits for the write's commit, and a
 * write that starts after a takeover sees the new token and is refused. Together: once a new
 * holder has its token, no write of the old holder can commit.
 */
export interface Fence {
  readonly lease: string;
  readonly token: number;
  check(tx: SqlExecutor): Promise<void>;
}

/** A fence that never refuses: for a process that is alone by construction (tests, tools). */
export const NO_FENCE: Fence = { lease: '(none)', token: 0, check: async () => undefined };

/** Unique per process start: host, pid and a random part (pids are reused across restarts). */
export function newHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export class SqlLease {
  constructor(
    private readonly sql: SqlExecutor,
    readonly name: string,
    readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lease when it is free or expired; returns the new fencing token, or undefined. */
  async tryAcquire(): Promise<number | undefined> {
    const { rows } = await this.sql.query<{ token: string | number }>(
      `INSERT INTO cluebus_leases AS l (name, holder, token, acquired_at, renewed_at, expires_at)
       VALUES ($1, $2, 1, now(), now(), now() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE
         SET holder = EXCLUDED.holder, token = l.token + 1, acquired_at = now(), renewed_at = now(), expires_at = EXCLUDED.expires_at
         WHERE l.expires_at < now()
       RETURNING token`,
      [this.name, this.holder, this.ttlMs],
    );
    return rows.length ? Number(rows[0].token) : undefined;
  }

  /** Extends the lease; false when another holder took it meanwhile. */
  async renew(token: number): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE cluebus_leases SET renewed_at = now(), expires_at = now() + $3 * interval '1 millisecond'
       WHERE name = $1 AND token = $2 RETURNING token`,
      [this.name, token, this.ttlMs],
    );
    return rows.length > 0;
  }

  /** Gives the lease up at once (graceful stop), so a standby need not wait for it to expire. */
  async release(token: number): Promise<void> {
    await this.sql.query(`UPDATE cluebus_leases SET expires_at = now() - interval '1 millisecond' WHERE name = $1 AND token = $2`, [this.name, token]);
  }

  fence(token: number, onLost: (error: LeaseLostError) => void): Fence {
    const name = this.name;
    return {
      lease: name,
      token,
      async check(tx: SqlExecutor): Promise<void> {
        const { rows } = await tx.query<{ token: string | number }>(`SELECT token FROM cluebus_leases WHERE name = $1 FOR SHARE`, [name]);
        if (rows.length === 0 || Number(rows[0].token) !== token) {
          const error = new LeaseLostError(name, token);
          onLost(error);
          throw error;
        }
      },
    };
  }
}
