/**
 * Checks shared by the loaders of versioned data files (routing policy, sanction catalogue):
 * each problem is reported through `p(path, message)`, so a loader lists every one at once.
 */

export type Problem = (path: string, msg: string) => void;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkKeys(o: Record<string, unknown>, allowed: string[], at: string, p: (path: string, msg: string) => void): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) p(`${at}.${k}`, 'unknown key');
}

export function checkEnumArray(
  values: unknown[],
  allowed: readonly string[],
  at: string,
  p: (path: string, msg: string) => void,
  what: string,
): void {
  values.forEach((v, i) => {
    if (typeof v !== 'string' || !allowed.includes(v)) p(`${at}[${i}]`, `unknown ${what} ${JSON.stringify(v)} (one of ${allowed.join(', ')})`);
  });
}
