import { clueDecider } from './clue/clue-decider';
import { foldClue } from './clue/clue-state';
import { foldEvents, type Decider } from './decider';
import { clueContext } from './testing/clue-specification';
import { cmd, ev, NHC, SAMR } from './testing/clue-fixtures';

const tally: Decider<number, number, number[], void> = {
  initialState: () => [],
  evolve: (state, event) => [...state, event],
  decide: (command) => [command],
};

describe('foldEvents', () => {
  it('given no events, when folded, then the state is the initial state', () => {
    expect(foldEvents(tally, [])).toEqual([]);
  });

  it('given events, when folded, then evolve sees them in order, from the initial state or from the state given', () => {
    expect(foldEvents(tally, [1, 2, 3])).toEqual([1, 2, 3]);
    expect(foldEvents(tally, [3], [1, 2])).toEqual([1, 2, 3]);
  });

  it('given a decider with its own fold, when folded, then foldEvents uses it, from the state given', () => {
    const folds: number[][] = [];
    const batched: Decider<number, number, number[], void> = { ...tally, fold: (events, from) => (folds.push([...events]), [...from, ...events]) };
    expect(foldEvents(batched, [2, 3], [1])).toEqual([1, 2, 3]);
    expect(folds).toEqual([[2, 3]]);
  });
});

describe('clueDecider', () => {
  const history = [ev.registered(NHC), ev.transferred('t1', NHC, [SAMR]), ev.acknowledged('t1', SAMR)];

  it('given a clue history, when folded through the decider, then the state is foldClue\'s', () => {
    expect(foldEvents(clueDecider, history)).toEqual(foldClue(history));
  });

  it('given the folded state, when it decides, then it is decideClue with the context given', () => {
    expect(clueDecider.decide(cmd.open(), foldEvents(clueDecider, history), clueContext(SAMR))).toEqual([ev.opened(SAMR)]);
  });
});
