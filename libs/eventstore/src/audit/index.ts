export * from './audit-schema';
export * from './checkpoint-log';
export * from './checkpointer';
export * from './merkle-node-store';
export * from './merkle-nodes';
export { PageDigestPool } from './page-digest-pool';
export * from './raw-log-reader';
export * from './store-proofs';
export * from './verify-store';
