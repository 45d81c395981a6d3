import type { KeyObject } from 'node:crypto';
import { keyIdOf, loadSigningKeyPair, toPublicKey } from '@cluebus/audit';
import { openSqlEventStore, type SqlEventStore } from '@cluebus/eventstore';
import { signingKeyRegistry } from '@cluebus/eventstore/audit';
import { loadStoreConfig, pemSetting } from '@cluebus/service/config';
import { existsSync, readFileSync } from 'node:fs';

/**
 * The store as the services open it: CLUEBUS_STORE (postgres outside standalone), DATABASE_URL,
 * CLUEBUS_DATA_DIR, CLUEBUS_HASH — the same loader (libs/service/src/config), so the CLI never
 * reads another database than the service it looks after.
 */
export async function openStore(env: NodeJS.ProcessEnv): Promise<SqlEventStore> {
  const standalone = (env.CLUEBUS_MODE ?? 'standalone') === 'standalone';
  return openSqlEventStore({ ...loadStoreConfig(env, standalone), poolMax: 2 });
}

export function hashAlgorithmOf(env: NodeJS.ProcessEnv) {
  return loadStoreConfig(env, true).hashAlgorithm;
}

/**
 * The keys checkpoints are verified with. Pinned ones from the configuration (CLUEBUS_TRUSTED_KEYS,
 * the public half of CLUEBUS_SIGNING_KEY, standalone's generated key file) — never the store under
 * test, unless nothing is configured; then the store's registry, and the caller says so
 * (docs/adr/0005: a key read from the database being verified proves less).
 */
export async function trustedKeys(env: NodeJS.ProcessEnv, store: SqlEventStore): Promise<{ keys: Map<string, KeyObject>; source: 'configured' | 'store-registry' }> {
  const keys = pinnedKeys(env);
  if (keys.size > 0) return { keys, source: 'configured' };
  const registered = await signingKeyRegistry.list(store.sql);
  return { keys: new Map(registered.map((k) => [k.keyId, toPublicKey(k.publicKeyPem)])), source: 'store-registry' };
}

/** The configured keys only, by key id (what replay checks proofs with: nothing from the service answering). */
export function pinnedKeys(env: NodeJS.ProcessEnv): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const signing = pemSetting(env, 'CLUEBUS_SIGNING_KEY');
  if (signing) {
    const pair = loadSigningKeyPair(signing);
    keys.set(pair.keyId, pair.publicKey);
  }
  const dataDir = loadStoreConfig(env, true).dataDir;
  if (!signing && dataDir && existsSync(`${dataDir}.signing-key.pem`)) {
    const pair = loadSigningKeyPair(readFileSync(`${dataDir}.signing-key.pem`, 'utf8'));
    keys.set(pair.keyId, pair.publicKey);
  }
  for (const pem of (pemSetting(env, 'CLUEBUS_TRUSTED_KEYS') ?? '').match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? []) {
    const key = toPublicKey(pem);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}
