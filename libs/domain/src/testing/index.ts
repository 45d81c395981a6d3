export * from './decider-specification';
export * from './clue-specification';
export * from './clue-fixtures';
