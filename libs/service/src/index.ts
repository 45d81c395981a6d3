export * from './config/cluebus-config';
export * from './cluebus.module';
export * from './bootstrap';
export * from './json-logger';
export * from './auth/principal';
export * from './http/api-error';
export * from './main-runner';
export * from './runtime/create-bus';
