export * from './personal-data-commands';
export * from './personal-data-error-codes';
export * from './personal-data-state';
export * from './decide-personal-data';
export * from './personal-data-decider';
export * from './rules/erasure-rules';
