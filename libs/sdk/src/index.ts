export * from './cluebus-client';
export * from './cluebus-error';
