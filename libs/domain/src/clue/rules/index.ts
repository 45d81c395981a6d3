export * from './business-rule';
export * from './visibility-rules';
export * from './registration-rules';
export * from './transfer-rules';
export * from './custody-rules';
export * from './investigation-rules';
export * from './feedback-rules';
