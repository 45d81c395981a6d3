/** The two languages problem titles and details come in: 简体中文 by default, English on request. */
export type ProblemLanguage = 'zh-CN' | 'en';

export const DEFAULT_PROBLEM_LANGUAGE: ProblemLanguage = 'zh-CN';

/**
 * The language of an `Accept-Language` header (RFC 9110 §12.5.4): the range with the highest
 * q-value that we speak wins — `en*` → English, `zh*` → zh-CN, `*` → the default; earlier
 * ranges win ties; q=0 means "not this one". No header, nothing we speak, or garbage: zh-CN.
 */
export function problemLanguage(header: string | string[] | undefined): ProblemLanguage {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let best: { language: ProblemLanguage; q: number } | undefined;
  for (const part of value.split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const language = languageOf(range.trim().toLowerCase());
    if (!language) continue;
    const q = qValue(params);
    if (q > 0 && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? DEFAULT_PROBLEM_LANGUAGE;
}

function languageOf(range: string): ProblemLanguage | undefined {
  if (range === 'en' || range.startsWith('en-')) return 'en';
  if (range === 'zh' || range.startsWith('zh-') || range === '*') return 'zh-CN';
  return undefined;
}

/** `q=0.8` → 0.8; no q → 1; a malformed q → 0 (RFC 9110: qvalue = 0–1, three decimals at most). */
function qValue(params: string[]): number {
  const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
  if (q === undefined) return 1;
  const text = q.slice(2).trim();
  return /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(text) ? Number(text) : 0;
}
