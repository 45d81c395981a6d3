/**
 * One code's entry in the problem catalogue: its usual HTTP status and its title in the two
 * languages the API speaks. Domain refusals keep the status rule of the error filter (kind
 * not-found → 404, forbidden → 403; a 422 code without a field is about where the clue or case
 * stands → 409), so for them `status` is the answer when the refusal names a field.
 */
export interface ProblemEntry {
  status: number;
  /** 简体中文 title, the default language. */
  zh: string;
  en: string;
}

/** Builds entries compactly: `[status, zh, en]`. */
export function entries<K extends string>(table: Record<K, readonly [number, string, string]>): Record<K, ProblemEntry> {
  return Object.fromEntries(Object.entries<readonly [number, string, string]>(table).map(([code, [status, zh, en]]) => [code, { status, zh, en }])) as Record<K, ProblemEntry>;
}
