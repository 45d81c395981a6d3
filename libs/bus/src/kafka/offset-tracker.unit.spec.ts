import { OffsetTracker } from './offset-tracker';

describe('OffsetTracker', () => {
  const policy = { maxUncommitted: 3, maxAgeMs: 1_000 };

  it('given handled messages, when a commit begins, then it commits the offset after the last handled one per partition', () => {
    // given
    const t = new OffsetTracker(policy);
    t.markHandled('inbox', 0, '5', 0);
    t.markHandled('inbox', 0, '6', 0);
    t.markHandled('inbox', 2, '9', 0);
    // when
    const offsets = t.beginCommit();
    // then
    expect(offsets).toEqual([
      { topic: 'inbox', partition: 0, offset: '7' },
      { topic: 'inbox', partition: 2, offset: '10' },
    ]);
  });

  it('given a commit that succeeded, when nothing more is handled, then nothing is pending', () => {
    const t = new OffsetTracker(policy);
    t.markHandled('inbox', 0, '5', 0);
    t.markCommitted(t.beginCommit());
    expect(t.pending()).toEqual([]);
    expect(t.due(10_000)).toBe(false);
  });

  it('given a commit that failed, when the next commit begins, then the same offsets come back', () => {
    const t = new OffsetTracker(policy);
    t.markHandled('inbox', 1, '5', 0);
    const first = t.beginCommit(); // ...and the broker refused it: markCommitted not called
    expect(t.beginCommit()).toEqual(first);
  });

  it('given a partition re-delivered from an older offset after a restart, when committing, then the committed offset never moves back', () => {
    const t = new OffsetTracker(policy);
    t.markHandled('inbox', 0, '99', 0);
    t.markCommitted(t.beginCommit()); // committed 100
    t.markHandled('inbox', 0, '40', 0); // re-delivery of an already handled message
    expect(t.pending()).toEqual([]);
    t.markHandled('inbox', 0, '100', 0);
    expect(t.pending()).toEqual([{ topic: 'inbox', partition: 0, offset: '101' }]);
  });

  it('given the policy, when enough messages or enough time passed, then a commit is due', () => {
    const t = new OffsetTracker(policy);
    expect(t.due(0)).toBe(false);
    t.markHandled('inbox', 0, '1', 0);
    t.markHandled('inbox', 0, '2', 0);
    expect(t.due(999)).toBe(false);
    expect(t.due(1_000)).toBe(true); // age
    t.markHandled('inbox', 0, '3', 0);
    expect(t.due(0)).toBe(true); // count
    t.beginCommit();
    expect(t.due(5_000)).toBe(false); // the clock restarts with each commit
  });

  it('given a partition handled while a commit is in flight, when that commit succeeds, then the newer offset is still pending', () => {
    const t = new OffsetTracker(policy);
    t.markHandled('inbox', 0, '1', 0);
    const inFlight = t.beginCommit();
    t.markHandled('inbox', 1, '8', 0); // another partition, consumed concurrently
    t.markCommitted(inFlight);
    expect(t.pending()).toEqual([{ topic: 'inbox', partition: 1, offset: '9' }]);
  });

  it('given offsets beyond 2^53, when committing, then they are exact (int64 strings, not numbers)', () => {
    const t = new OffsetTracker(policy);
    t.markHandled('inbox', 0, '9007199254740993', 0);
    expect(t.beginCommit()[0].offset).toBe('9007199254740994');
  });

  it('given a rejoin, when reset, then nothing is pending and a lower offset may be committed again', () => {
    const t = new OffsetTracker(policy);
    t.markHandled('inbox', 0, '50', 0);
    t.markCommitted(t.beginCommit());
    t.reset();
    expect(t.pending()).toEqual([]);
    t.markHandled('inbox', 0, '10', 0);
    expect(t.pending()).toEqual([{ topic: 'inbox', partition: 0, offset: '11' }]);
  });
});
