export * from './cluebus-client';
export * from './cluebus-error';
export * from './connection-retry';
