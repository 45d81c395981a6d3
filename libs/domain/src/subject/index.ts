export * from './catalogue/sanction-catalogue';
export * from './decide-subject';
export * from './subject-commands';
export * from './subject-decider';
export * from './subject-error-codes';
export * from './subject-key';
export * from './subject-state';
export * from './rules';
