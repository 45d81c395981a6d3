export * from './case-commands';
export * from './case-decider';
export * from './case-error-codes';
export * from './case-state';
export * from './decide-case';
export * from './subject-refs';
export * from './rules';
export * from './one-sided-bribery';
