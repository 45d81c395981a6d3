import { ClueErrorCodes } from '../clue-error-codes';
import { foldClue } from '../clue-state';
import { CLUE_ID, ev, NHC } from '../../testing/clue-fixtures';
import { clueSubjectRefs, ScopedSubjectsMustBelongToClue } from './subject-scope-rules';

describe('ScopedSubjectsMustBelongToClue (行贿受贿一起查)', () => {
  const clue = foldClue([ev.registered(NHC)]);

  it('given the clue fixtures, when their references are listed, then the enterprise is named by USCC and the person by token', () => {
    expect(clueSubjectRefs(clue)).toEqual(['uscc:91341302MA2N0000XX', 'tok-doctor']);
  });

  it('given no scope or a scope of the clue\'s own subjects, when checked, then it holds', () => {
    expect(new ScopedSubjectsMustBelongToClue(clue, undefined).isBroken()).toBe(false);
    expect(new ScopedSubjectsMustBelongToClue(clue, ['tok-doctor']).isBroken()).toBe(false);
  });

  it('given a reference of another clue, when checked, then SUBJECT_NOT_IN_CLUE names its place in the request', () => {
    const rule = new ScopedSubjectsMustBelongToClue(clue, ['tok-doctor', `subject:${CLUE_ID}/7`]);
    expect(rule.isBroken()).toBe(true);
    expect(rule.error()).toMatchObject({ code: ClueErrorCodes.SUBJECT_NOT_IN_CLUE, field: 'subjects[1]' });
  });
});
