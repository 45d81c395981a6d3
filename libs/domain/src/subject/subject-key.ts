import type { SanctionedSubject, SubjectKind } from '@cluebus/contracts';

/**
 * The key of a subject's stream (`subject-<key>`), the same SubjectRef the cases use: an
 * enterprise or institution by `uscc:<统一社会信用代码>`, a person or official by the keyed token
 * of the ID number (`idt1:<hex>`, made by the service's IdTokenizer — the domain never sees the
 * clear number).
 */
export function sanctionedSubjectOf(input: { kind: SubjectKind; uscc?: string; idToken?: string; name?: string }): SanctionedSubject {
  if (input.kind === 'enterprise' || input.kind === 'institution') {
    if (!input.uscc) throw new RangeError('an enterprise or institution is keyed by its USCC');
    return { kind: input.kind, key: `uscc:${input.uscc}`, uscc: input.uscc, ...(input.name ? { name: input.name } : {}) };
  }
  if (!input.idToken) throw new RangeError('a person or official is keyed by the token of the ID number');
  return { kind: input.kind, key: input.idToken, idToken: input.idToken };
}
