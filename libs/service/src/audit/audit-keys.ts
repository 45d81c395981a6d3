import { Logger } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { exportSigningKeyPair, generateSigningKeyPair, keyIdOf, loadSigningKeyPair, toPublicKey, type SigningKeyPair } from '@cluebus/audit';
import type { SqlClient } from '@cluebus/eventstore';
import { ensureAuditSchema, signingKeyRegistry } from '@cluebus/eventstore/audit';
import type { CluebusConfig } from '../config/cluebus-config';
import { ACCESS_LOG_SCHEMA } from './access-log/access-log';

export interface PublishedKey {
  keyId: string;
  algorithm: 'ed25519';
  publicKeyPem: string;
  /** Configured in this process (its own key, CLUEBUS_TRUSTED_KEYS), not only read from the store. */
  pinned: boolean;
}

/** Standalone only: where a generated key lives when the store has no data directory. */
const STANDALONE_KEY_TABLE = `CREATE TABLE IF NOT EXISTS cluebus_standalone_signing_key (
  id integer PRIMARY KEY CHECK (id = 1),
  private_key_pem text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

const pemOf = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }).toString();

/**
 * The checkpoint keys of this process: the signing key (where checkpoints are issued) and the
 * public keys it trusts. Trust comes from configuration (the own key, CLUEBUS_TRUSTED_KEYS),
 * never from the database being verified; only when nothing is configured does verification
 * fall back to the keys registered in the store, and it says so (docs/adr/0005).
 */
export class AuditKeys {
  private constructor(
    private readonly sql: SqlClient,
    readonly signingKey: SigningKeyPair | undefined,
    private readonly pinned: ReadonlyMap<string, KeyObject>,
  ) {}

  static async create(config: CluebusConfig, sql: SqlClient, logger = new Logger('AuditKeys')): Promise<AuditKeys> {
    await ensureAuditSchema(sql, ACCESS_LOG_SCHEMA);
    const signingKey = await resolveSigningKey(config, sql, logger);
    const pinned = new Map<string, KeyObject>();
    if (signingKey) pinned.set(signingKey.keyId, signingKey.publicKey);
    for (const pem of config.audit.trustedKeysPem) {
      const key = toPublicKey(pem);
      pinned.set(keyIdOf(key), key);
    }
    return new AuditKeys(sql, signingKey, pinned);
  }

  /** Keys to verify checkpoints with, and where they came from. */
  async trusted(): Promise<{ keys: Map<string, KeyObject>; source: 'configured' | 'store-registry' }> {
    if (this.pinned.size > 0) return { keys: new Map(this.pinned), source: 'configured' };
    const registered = await signingKeyRegistry.list(this.sql);
    return { keys: new Map(registered.map((k) => [k.keyId, toPublicKey(k.publicKeyPem)])), source: 'store-registry' };
  }

  /** Every key known here, configured ones first: what GET /v1/audit/public-key publishes. */
  async published(): Promise<PublishedKey[]> {
    const out = new Map<string, PublishedKey>();
    for (const [keyId, key] of this.pinned) out.set(keyId, { keyId, algorithm: 'ed25519', publicKeyPem: pemOf(key), pinned: true });
    for (const k of await signingKeyRegistry.list(this.sql)) {
      // The id is recomputed from the key: a registry row cannot claim another key's id.
      const keyId = keyIdOf(k.publicKeyPem);
      if (!out.has(keyId)) out.set(keyId, { keyId, algorithm: 'ed25519', publicKeyPem: k.publicKeyPem, pinned: false });
    }
    return [...out.values()];
  }
}

/**
 * CLUEBUS_SIGNING_KEY when set. In standalone without one, a key generated once and kept — in a
 * file beside the PGlite data directory, or in the database (in-memory PGlite, PostgreSQL) — and
 * announced in the log. Outside standalone the configuration already refused to start without
 * a key where checkpoints are issued.
 */
async function resolveSigningKey(config: CluebusConfig, sql: SqlClient, logger: Logger): Promise<SigningKeyPair | undefined> {
  const { audit } = config;
  if (audit.signingKeyPem) return loadSigningKeyPair(audit.signingKeyPem);
  if (config.mode !== 'standalone' || !audit.checkpointer || !audit.generatedKeyStore) return undefined;
  const where = audit.generatedKeyStore;
  let pair: SigningKeyPair;
  let generated = false;
  if (where.kind === 'file') {
    if (existsSync(where.path)) {
      pair = loadSigningKeyPair(readFileSync(where.path, 'utf8'));
    } else {
      pair = generateSigningKeyPair();
      generated = true;
      mkdirSync(dirname(where.path), { recursive: true });
      writeFileSync(where.path, exportSigningKeyPair(pair).privateKeyPem, { mode: 0o600, flag: 'wx' });
    }
  } else {
    await sql.query(STANDALONE_KEY_TABLE);
    const fresh = generateSigningKeyPair();
    const inserted = await sql.query(
      `INSERT INTO cluebus_standalone_signing_key (id, private_key_pem) VALUES (1, $1) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [exportSigningKeyPair(fresh).privateKeyPem],
    );
    generated = inserted.rows.length === 1;
    const { rows } = await sql.query<{ private_key_pem: string }>(`SELECT private_key_pem FROM cluebus_standalone_signing_key WHERE id = 1`);
    pair = loadSigningKeyPair(rows[0].private_key_pem);
  }
  logger.warn({
    msg: `standalone: checkpoint signing key ${generated ? 'generated and ' : ''}kept in ${where.kind === 'file' ? where.path : 'the database (cluebus_standalone_signing_key)'} — a demo key; set CLUEBUS_SIGNING_KEY in any other mode`,
    keyId: pair.keyId,
  });
  return pair;
}
