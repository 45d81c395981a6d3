// The HTTP edge, for processes that are not department services (apps/ledger): no controllers,
// no command path. The department service's own representations stay in service-representations.ts.
export * from './api-error';
export * from './console-static';
export * from './content-negotiation';
export * from './error.filter';
export * from './http-edge';
export * from './http-shutdown';
export * from './problems/http-error-codes';
export * from './problems/problem-catalog';
export * from './problems/problem-language';
