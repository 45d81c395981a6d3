/**
 * 居民身份证号 (resident identity number), GB 11643-1999: 6-digit region, 8-digit birth date,
 * 3-digit sequence, check character; weights 2^(17−i) mod 11, check = (12 − Σ mod 11) mod 11,
 * 10 written X. Never stored in clear in events: see tokenisation in the service layer.
 */
const SHAPE = /^\d{17}[\dX]$/;

export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

function isRealDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1800 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isValidResidentId(value: unknown): value is string {
  if (typeof value !== 'string' || !SHAPE.test(value)) return false;
  if (!isRealDate(value.slice(6, 14))) return false;
  return residentIdCheckCharacter(value.slice(0, 17)) === value[17];
}
