// `@cluebus/service/config`: ConfigError, the environment readers every process's
// configuration uses, and the department services' configuration. Narrow on purpose: it does
// not pull in the service's HTTP module, controllers or runtime.
export * from './config-error';
export * from './env-settings';
export * from './http-settings';
export * from './cluebus-config';
