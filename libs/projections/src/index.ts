export * from './consumer/idempotent-projector';
export * from './inbox/inbox.projection';
export * from './inbox/inbox-notices';
export * from './ledger/ledger.projection';
export * from './transfer-ledger/transfer-ledger.changes';
export * from './transfer-ledger/transfer-ledger.projection';
export * from './transfer-ledger/transfer-ledger.query';
