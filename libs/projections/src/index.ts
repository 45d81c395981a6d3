export * from './consumer/idempotent-projector';
export * from './inbox/inbox.projection';
export * from './ledger/ledger.projection';
