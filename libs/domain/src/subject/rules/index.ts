export * from './date-rules';
export * from './ending-rules';
export * from './imposition-rules';
