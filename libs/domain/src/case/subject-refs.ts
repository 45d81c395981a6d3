import type { SubjectKind, SubjectRecord, SubjectRef, SubjectRole } from '@cluebus/contracts';
import type { ClueState } from '../clue/clue-state';
import type { CaseState } from './case-state';

/**
 * Subjects of a case's clues named without their names (行贿受贿一起查 works on references):
 * a resident-ID token names the same person across clues, a USCC the same enterprise; a subject
 * with neither is named by its place in its clue (`subject:<clueId>/<index>`), stable because
 * a ClueRegistered is never changed.
 */
export function subjectRefOf(clueId: string, index: number, subject: SubjectRecord): SubjectRef {
  if (subject.idToken) return subject.idToken;
  if (subject.uscc) return `uscc:${subject.uscc}`;
  return `subject:${clueId}/${index}`;
}

/** A subject of the case as a viewer may see it: reference, kind and roles, the clues it appears in; never a name. */
export interface CaseSubject {
  readonly ref: SubjectRef;
  readonly kind: SubjectKind;
  /** Roles it has in any of the clues (a subject may be briber in one clue and related in another). */
  readonly roles: readonly SubjectRole[];
  readonly clueIds: readonly string[];
}

/** Every subject of the given clues (those that exist), merged by reference, in order of first appearance. */
export function caseSubjects(clueIds: readonly string[], clues: Readonly<Record<string, ClueState>>): CaseSubject[] {
  const byRef = new Map<SubjectRef, { ref: SubjectRef; kind: SubjectKind; roles: SubjectRole[]; clueIds: string[] }>();
  for (const clueId of clueIds) {
    const clue = clues[clueId];
    if (!clue?.exists) continue;
    clue.subjects.forEach((s, i) => {
      const ref = subjectRefOf(clueId, i, s);
      const entry = byRef.get(ref) ?? byRef.set(ref, { ref, kind: s.kind, roles: [], clueIds: [] }).get(ref)!;
      if (s.role && !entry.roles.includes(s.role)) entry.roles.push(s.role);
      if (!entry.clueIds.includes(clueId)) entry.clueIds.push(clueId);
    });
  }
  return [...byRef.values()];
}

export type BriberyPairSource = 'derived' | 'linked';

export interface BriberyPair {
  readonly briber: SubjectRef;
  readonly bribeTaker: SubjectRef;
  /** `derived`: a clue names one as `briber` and the other as `bribe-taker`; `linked`: linked by hand (BriberyPairLinked). */
  readonly sources: readonly BriberyPairSource[];
  /** Clues whose subjects derive the pair (empty for a pair only linked by hand). */
  readonly clueIds: readonly string[];
}

/**
 * The case's bribery pairs: within each clue, every subject with role `briber` with every
 * subject with role `bribe-taker`; then the pairs linked by hand. One entry per
 * (briber, bribe-taker), in order of first appearance.
 */
export function briberyPairs(state: CaseState, clues: Readonly<Record<string, ClueState>>): BriberyPair[] {
  const pairs = new Map<string, { briber: SubjectRef; bribeTaker: SubjectRef; sources: BriberyPairSource[]; clueIds: string[] }>();
  const add = (briber: SubjectRef, bribeTaker: SubjectRef, source: BriberyPairSource, clueId?: string) => {
    const key = `${briber}\n${bribeTaker}`;
    const pair = pairs.get(key) ?? pairs.set(key, { briber, bribeTaker, sources: [], clueIds: [] }).get(key)!;
    if (!pair.sources.includes(source)) pair.sources.push(source);
    if (clueId !== undefined && !pair.clueIds.includes(clueId)) pair.clueIds.push(clueId);
  };
  for (const clueId of state.clueIds) {
    const clue = clues[clueId];
    if (!clue?.exists) continue;
    const refs = clue.subjects.map((s, i) => ({ ref: subjectRefOf(clueId, i, s), role: s.role }));
    for (const briber of refs.filter((s) => s.role === 'briber')) {
      for (const taker of refs.filter((s) => s.role === 'bribe-taker')) if (briber.ref !== taker.ref) add(briber.ref, taker.ref, 'derived', clueId);
    }
  }
  for (const linked of state.linkedPairs) add(linked.briber, linked.bribeTaker, 'linked');
  return [...pairs.values()];
}
