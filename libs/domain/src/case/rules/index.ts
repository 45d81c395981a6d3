export * from './case-rules';
export * from './clue-membership-rules';
export * from './track-rules';
export * from './conclusion-rules';
export * from './bribery-pair-rules';
