// `@cluebus/service/auth`: API-key parsing and bearer-key matching for any process that takes
// API keys (the department services' ApiKeyGuard, the ledger's LedgerKeyGuard) and JWT settings. Narrow on
// purpose: it does not pull in the service's HTTP module, controllers or runtime.
export * from './api-keys';
export * from './bearer-keys';
export * from './jwt-settings';
export type * from './principal';
