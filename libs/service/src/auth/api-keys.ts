import { isDepartmentInstance } from '@cluebus/contracts';
import { ConfigError } from '../config/config-error';

/**
 * What a key may do: act for a department instance (`department`); read every clue's history
 * and the audit API, read-only, every read logged (`investigator`; its instance is `investigator`);
 * read the blacklists and ledgers, read-only, every query logged (`auditor`; instance `auditor`).
 */
export type ApiKeyRole = 'department' | 'investigator' | 'auditor';

export interface ApiKeyGrant {
  key: string;
  instance: string;
  role: ApiKeyRole;
}

export const INVESTIGATOR_INSTANCE = 'investigator';
export const AUDITOR_INSTANCE = 'auditor';

/** Demo keys (`dev-nhc` …) exist for standalone only; every other process refuses them. */
export const DEMO_KEY_PREFIX = 'dev-';
export const isDemoKey = (key: string): boolean => key.startsWith(DEMO_KEY_PREFIX);

/** How a process reads its key list: which roles an entry may grant, whether demo keys are refused. */
export interface ApiKeyRules {
  /** `department`: `key=code:region`; `investigator`: `key=investigator`; `auditor`: `key=auditor`. */
  roles: readonly ApiKeyRole[];
  /** Refuse `dev-*` keys; the text says where, e.g. "by the ledger" (it ends the error message). */
  refuseDemoKeys?: string;
  /** The variable the list comes from, named in every error (default CLUEBUS_API_KEYS). */
  setting?: string;
}

/** Department services (and standalone): department and investigator keys. */
export const DEPARTMENT_SERVICE_KEYS: ApiKeyRules = { roles: ['department', 'investigator', 'auditor'] };
/** A department service outside standalone: the same, and never a demo key. */
export const DEPARTMENT_SERVICE_KEYS_OUTSIDE_STANDALONE: ApiKeyRules = { ...DEPARTMENT_SERVICE_KEYS, refuseDemoKeys: 'outside standalone mode' };
/** The ledger (read side): department keys only, never a demo key. */
export const LEDGER_KEYS: ApiKeyRules = { roles: ['department'], refuseDemoKeys: 'by the ledger' };

/**
 * `key=code:region,key2=code:region,key3=investigator` (entries trimmed, empty ones ignored).
 * A key may itself contain `=` (base64): the instance is what follows the last one. Errors
 * name the setting and the entry by its place, never the key itself (it is a secret).
 */
export function parseApiKeys(raw: string | undefined, rules: ApiKeyRules): ApiKeyGrant[] {
  const setting = rules.setting ?? 'CLUEBUS_API_KEYS';
  const entries = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const forms = [
    'key=code:region',
    ...(rules.roles.includes('investigator') ? [`key=${INVESTIGATOR_INSTANCE}`] : []),
    ...(rules.roles.includes('auditor') ? [`key=${AUDITOR_INSTANCE}`] : []),
  ].join(' or ');
  return entries.map((entry, i) => {
    const at = entry.lastIndexOf('=');
    const key = at < 0 ? '' : entry.slice(0, at);
    const instance = at < 0 ? '' : entry.slice(at + 1);
    const where = `${setting} entry ${i + 1} of ${entries.length}${at < 0 ? '' : ` ("<key>=${instance}")`}`;
    const role: ApiKeyRole | undefined =
      instance === INVESTIGATOR_INSTANCE ? 'investigator' : instance === AUDITOR_INSTANCE ? 'auditor' : isDepartmentInstance(instance) ? 'department' : undefined;
    // A key with whitespace could never be sent as `Authorization: Bearer <key>`.
    if (!key || /\s/.test(key) || !role || !rules.roles.includes(role)) throw new ConfigError(`${where} must be ${forms}`);
    if (rules.refuseDemoKeys !== undefined && isDemoKey(key)) {
      throw new ConfigError(`${where}: demo API keys (${DEMO_KEY_PREFIX}*) are refused ${rules.refuseDemoKeys}`);
    }
    return { key, instance, role };
  });
}
