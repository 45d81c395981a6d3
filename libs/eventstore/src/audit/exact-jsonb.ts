/**
 * Reading jsonb one to one (docs/adr/0007, raw-log-reader.ts): every number in a column's text
 * must be exactly the text PostgreSQL stores for the JSON the store wrote (JSON.stringify of a
 * double, exponent expanded); otherwise the column reads as { INEXACT_JSONB_KEY: <text> }, so
 * that row's hash fails. A file of its own, with no database import, because the verify
 * workers (page-digest.worker.ts) load it.
 */

/** The key an inexact jsonb column is read under: jsonb refuses \u0000, so no stored event has it. */
export const INEXACT_JSONB_KEY = '\u0000cluebus:inexact-jsonb';

/** "1.5e-7" → "0.00000015", "1e+21" → "1000000000000000000000": how numeric_in/numeric_out store it. */
export function expandExponent(js: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(js);
  if (!m) return js;
  const [, sign, int, frac = '', exp] = m;
  const digits = int + frac;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** True when `literal` (as jsonb prints it) is what jsonb stores for the double it parses to. */
export function isStoredFormOfDouble(literal: string): boolean {
  const js = String(Number(literal));
  return js === literal || (js.includes('e') && expandExponent(js) === literal);
}

/** - . 0-9 e E + : the characters of a JSON number. */
function inNumber(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43 || c === 101 || c === 69;
}

/**
 * Every number of jsonb text is the stored form of a double (what JSON.stringify wrote).
 * `text` is valid JSON (parsed first). Strings are skipped with indexOf, which is most of the
 * text (a regular expression matching every string to skip it cost as much as JSON.parse);
 * between strings only structure, literals and numbers remain, and a number starts with - or a digit.
 */
export function jsonbNumbersExact(text: string): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const quote = text.indexOf('"', i);
    const end = quote < 0 ? n : quote;
    for (let j = i; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c === 45 || (c >= 48 && c <= 57)) {
        let k = j + 1;
        while (k < end && inNumber(text.charCodeAt(k))) k++;
        if (!isStoredFormOfDouble(text.slice(j, k))) return false;
        j = k;
      }
    }
    if (quote < 0) return true;
    // The closing quote is the next one not escaped: preceded by an even number of backslashes.
    let close = text.indexOf('"', quote + 1);
    for (;;) {
      if (close < 0) return true; // not JSON; JSON.parse has refused it already
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) break;
      close = text.indexOf('"', close + 1);
    }
    i = close + 1;
  }
  return true;
}

/** A jsonb column's text as the value it holds, or as the inexact marker when a double would round it. */
export function exactJson(text: string): Record<string, unknown> {
  const value = JSON.parse(text) as Record<string, unknown>;
  return jsonbNumbersExact(text) ? value : { [INEXACT_JSONB_KEY]: text };
}
