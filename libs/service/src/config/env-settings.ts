import { ConfigError } from './config-error';

/*
 * Readers for one environment variable each. An unset variable takes the fallback (every
 * setting has a documented default); a bad value throws ConfigError naming the variable.
 * An empty value counts as unset for numbers, flags and lists, but not for a choice of words
 * (oneOfSetting): `CLUEBUS_MODE=` from a broken template must not quietly mean standalone.
 * Shared by the department services' configuration and the ledger's, and meant for new
 * sections (e.g. processor settings) so that each reads and reports settings the same way.
 */

type Env = NodeJS.ProcessEnv;

const isUnset = (raw: string | undefined): raw is undefined | '' => raw === undefined || raw === '';

export function intSetting(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (isUnset(raw)) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

/** `true` or `false`, nothing else. */
export function booleanSetting(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (isUnset(raw)) return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

/** One of a fixed set of words. */
export function oneOfSetting<const T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    const choices = allowed.length <= 2 ? allowed.join(' or ') : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
    throw new ConfigError(`${name} must be ${choices}, got "${raw}"`);
  }
  return raw as T;
}

/** A comma-separated list, entries trimmed, empty entries dropped. */
export function listSetting(env: Env, name: string, fallback = ''): string[] {
  const raw = env[name];
  return (isUnset(raw) ? fallback : raw)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** When /health calls the relay degraded (README "Configuration"); read by the services and the ledger alike. */
export function relayHealthSettings(env: Env): { maxLagEvents: number; maxLagSeconds: number; maxFailures: number } {
  return {
    maxLagEvents: intSetting(env, 'CLUEBUS_RELAY_MAX_LAG_EVENTS', 10_000, 1),
    maxLagSeconds: intSetting(env, 'CLUEBUS_RELAY_MAX_LAG_SECONDS', 60, 1),
    maxFailures: intSetting(env, 'CLUEBUS_RELAY_MAX_FAILURES', 10, 1),
  };
}
