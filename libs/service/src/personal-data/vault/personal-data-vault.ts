import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { SealedPersonalData } from '@cluebus/contracts';
import type { VaultHolding } from '@cluebus/domain';
import { ensureVaultSchema, type SqlClient, type SqlExecutor } from '@cluebus/eventstore';
import { SQL_CLIENT } from '../../runtime/tokens';
import { commitmentOf, newSalt, VaultCipher } from './vault-cipher';

export type PersonalField = keyof SealedPersonalData['commitments'];

/** What to seal: the clear values of one record (a subject of a clue, a clue's reporter) under its token. */
export interface SealRequest {
  token: string;
  /** Where the data appears: `<clueId>/subjects/<i>` or `<clueId>/reporter`. */
  record: string;
  values: Partial<Record<PersonalField, string>>;
}

export interface SealOutcome {
  sealed: SealedPersonalData[];
  /** Removes what this call added (the command that needed it was refused): nothing is stored. */
  undo(): Promise<void>;
}

export interface RecordRef {
  token: string;
  record: string;
}

/** A record's clear values, or null when they can no longer be read (erased). */
export type OpenedRecord = Partial<Record<PersonalField, string>> | null;

const keyAad = (token: string, owner: string) => `${token}|${owner}`;
const entryAad = (token: string, owner: string, record: string, field: string) => `${token}|${owner}|${record}|${field}`;
export const recordKey = (r: RecordRef) => `${r.token}\n${r.record}`;

/** What one seal call added: undone when its command is refused. */
interface Created {
  entries: { token: string; record: string; field: string }[];
  keys: string[];
}

/** `($1, $2), ($3, $4), …`: n rows of `width` parameters. */
const rowsOf = (n: number, width: number) => Array.from({ length: n }, (_, i) => `(${Array.from({ length: width }, (_, j) => `$${i * width + j + 1}`).join(', ')})`).join(', ');

interface StoredValue {
  v: string;
  s: string;
}

/**
 * The personal-data vault (docs/adr/0010) over the store's database: envelope-encrypted values
 * and their commitments' salts, one data key per (token, registering department). Sealing is
 * idempotent per record and field — a retried request finds its salt again and commits to the
 * same value the same way, so the retry's command (and request hash) is the first one's.
 * Erasure nulls the data key and deletes the ciphertext: the events keep only tokens and
 * commitments, so the chain and every proof still verify.
 */
@Injectable()
export class PersonalDataVault implements OnModuleInit {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly cipher: VaultCipher,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureVaultSchema(this.sql);
  }

  async seal(owner: string, requests: readonly SealRequest[]): Promise<SealOutcome> {
    const created: Created = { entries: [], keys: [] };
    if (requests.length === 0) return { sealed: [], undo: async () => undefined };
    const sealed = await this.sql.transaction(async (tx) => {
      const dataKeys = await this.dataKeysFor(tx, owner, [...new Set(requests.map((r) => r.token))], created);
      const existing = await this.existingEntries(tx, owner, requests, dataKeys);
      const inserts: unknown[][] = [];
      const out = requests.map((r): SealedPersonalData => {
        const commitments: SealedPersonalData['commitments'] = {};
        for (const [field, value] of Object.entries(r.values) as [PersonalField, string][]) {
          const aad = entryAad(r.token, owner, r.record, field);
          // A retry of the same request: the same salt, so the same commitment (never overwritten here).
          let salt = existing.get(aad);
          if (!salt) {
            salt = newSalt();
            const payload: StoredValue = { v: value, s: salt.toString('base64') };
            inserts.push([r.token, owner, r.record, field, this.cipher.encrypt(dataKeys.get(r.token)!, JSON.stringify(payload), aad)]);
            created.entries.push({ token: r.token, record: r.record, field });
          }
          commitments[field] = commitmentOf(salt, value);
        }
        return { token: r.token, commitments };
      });
      if (inserts.length > 0) {
        await tx.query(`INSERT INTO cluebus_vault_entries (token, owner, record, field, sealed) VALUES ${rowsOf(inserts.length, 5)}`, inserts.flat());
      }
      return out;
    });
    return { sealed, undo: () => this.undo(owner, created) };
  }

  /** Which departments hold (or held) data under the token, with their key's generation. */
  async holdings(token: string): Promise<VaultHolding[]> {
    const { rows } = await this.sql.query<{ owner: string; generation: number }>(`SELECT owner, generation FROM cluebus_vault_keys WHERE token = $1 ORDER BY owner`, [token]);
    return rows.map((r) => ({ owner: r.owner, keyGeneration: Number(r.generation) }));
  }

  /** Crypto-shredding: the owner's data key and every ciphertext it sealed go; idempotent. */
  async shred(token: string, owner: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query(`DELETE FROM cluebus_vault_entries WHERE token = $1 AND owner = $2`, [token, owner]);
      await tx.query(
        `INSERT INTO cluebus_vault_keys (token, owner, wrapped_key, generation, sealed_at, erased_at) VALUES ($1, $2, NULL, 0, now(), now())
         ON CONFLICT (token, owner) DO UPDATE SET wrapped_key = NULL, erased_at = now()`,
        [token, owner],
      );
    });
  }

  /** The clear values of the owner's records; null for a record that can no longer be read. */
  async open(owner: string, refs: readonly RecordRef[]): Promise<Map<string, OpenedRecord>> {
    const opened = new Map<string, OpenedRecord>(refs.map((r) => [recordKey(r), null]));
    if (refs.length === 0) return opened;
    const { rows } = await this.sql.query<{ token: string; wrapped_key: Uint8Array | null; record: string; field: string; sealed: Uint8Array }>(
      `SELECT k.token, k.wrapped_key, e.record, e.field, e.sealed FROM cluebus_vault_keys k
         JOIN cluebus_vault_entries e ON e.token = k.token AND e.owner = k.owner
        WHERE k.owner = $1 AND k.token = ANY($2::text[]) AND e.record = ANY($3::text[])`,
      [owner, [...new Set(refs.map((r) => r.token))], [...new Set(refs.map((r) => r.record))]],
    );
    const dataKeys = new Map<string, Buffer>();
    for (const row of rows) {
      const key = recordKey(row);
      if (!row.wrapped_key || !opened.has(key)) continue;
      const dataKey = dataKeys.get(row.token) ?? this.cipher.unwrap(Buffer.from(row.wrapped_key), keyAad(row.token, owner));
      dataKeys.set(row.token, dataKey);
      const stored = JSON.parse(this.cipher.decrypt(dataKey, Buffer.from(row.sealed), entryAad(row.token, owner, row.record, row.field))) as StoredValue;
      opened.set(key, { ...(opened.get(key) ?? {}), [row.field]: stored.v });
    }
    return opened;
  }

  /** The owner's live data key per token; a new one (next generation) where there is none or it was shredded. */
  private async dataKeysFor(tx: SqlExecutor, owner: string, tokens: string[], created: Created): Promise<Map<string, Buffer>> {
    // Racing copies of one request (same Idempotency-Key) seal the same records: one at a time per
    // (owner, token), so the second finds the first's key and salts (FOR UPDATE cannot lock a row not there yet).
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) AS k ORDER BY k`, [tokens.map((t) => `cluebus-vault|${owner}|${t}`)]);
    const { rows } = await tx.query<{ token: string; wrapped_key: Uint8Array | null }>(
      `SELECT token, wrapped_key FROM cluebus_vault_keys WHERE owner = $1 AND token = ANY($2::text[]) FOR UPDATE`,
      [owner, tokens],
    );
    const keys = new Map<string, Buffer>();
    const fresh: unknown[][] = [];
    for (const token of tokens) {
      const row = rows.find((r) => r.token === token);
      if (row?.wrapped_key) {
        keys.set(token, this.cipher.unwrap(Buffer.from(row.wrapped_key), keyAad(token, owner)));
        continue;
      }
      // None yet, or shredded: a fresh key for data sealed from now on (what was erased stays unreadable).
      const { dataKey, wrapped } = this.cipher.newDataKey(keyAad(token, owner));
      keys.set(token, dataKey);
      fresh.push([token, owner, wrapped]);
      if (!row) created.keys.push(token);
    }
    // One row each (a clue names few persons): a typed INSERT, so the bytea parameter is bytes on both PostgreSQL and PGlite.
    for (const row of fresh) {
      await tx.query(
        `INSERT INTO cluebus_vault_keys (token, owner, wrapped_key, generation, sealed_at) VALUES ($1, $2, $3, 1, now())
         ON CONFLICT (token, owner) DO UPDATE SET wrapped_key = EXCLUDED.wrapped_key, generation = cluebus_vault_keys.generation + 1, sealed_at = now()`,
        row,
      );
    }
    return keys;
  }

  /** Salts of the requests' fields already sealed, by their additional data. */
  private async existingEntries(tx: SqlExecutor, owner: string, requests: readonly SealRequest[], dataKeys: Map<string, Buffer>): Promise<Map<string, Buffer>> {
    const { rows } = await tx.query<{ token: string; record: string; field: string; sealed: Uint8Array }>(
      `SELECT token, record, field, sealed FROM cluebus_vault_entries WHERE owner = $1 AND token = ANY($2::text[]) AND record = ANY($3::text[])`,
      [owner, [...new Set(requests.map((r) => r.token))], [...new Set(requests.map((r) => r.record))]],
    );
    const salts = new Map<string, Buffer>();
    for (const row of rows) {
      const aad = entryAad(row.token, owner, row.record, row.field);
      salts.set(aad, Buffer.from((JSON.parse(this.cipher.decrypt(dataKeys.get(row.token)!, Buffer.from(row.sealed), aad)) as StoredValue).s, 'base64'));
    }
    return salts;
  }

  private async undo(owner: string, created: Created): Promise<void> {
    await this.sql.transaction(async (tx) => {
      for (const e of created.entries) {
        await tx.query(`DELETE FROM cluebus_vault_entries WHERE token = $1 AND owner = $2 AND record = $3 AND field = $4`, [e.token, owner, e.record, e.field]);
      }
      await tx.query(
        `DELETE FROM cluebus_vault_keys k WHERE owner = $1 AND token = ANY($2::text[]) AND NOT EXISTS (SELECT 1 FROM cluebus_vault_entries e WHERE e.token = k.token AND e.owner = k.owner)`,
        [owner, created.keys],
      );
    });
  }
}
