import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Logger } from '@nestjs/common';
import { parseVaultMasterKey, type VaultConfig } from '../../config/cluebus-config';

/**
 * The master key the vault runs with: the configured one; in standalone without one, the key
 * generated on first start and kept beside the PGlite data (the data is unreadable without it),
 * or — in-memory data — a fresh one per process, gone with the data.
 */
export function resolveVaultMasterKey(config: VaultConfig, log: Pick<Logger, 'log'>): Buffer {
  if (config.masterKey) return config.masterKey;
  const file = config.generatedKeyFile;
  if (!file) return randomBytes(32);
  if (existsSync(file)) return parseVaultMasterKey(readFileSync(file, 'utf8'), file);
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  log.log({ msg: 'generated the standalone vault master key', file });
  return key;
}
