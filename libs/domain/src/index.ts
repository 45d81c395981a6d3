export * from './domain-error';
export * from './clue/clue-commands';
export * from './clue/clue-error-codes';
export * from './clue/clue-state';
export * from './clue/decide-clue';
export * from './clue/rules';
export * from './routing/route-condition';
export * from './routing/routing-policy';
