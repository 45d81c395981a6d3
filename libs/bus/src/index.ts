export * from './bus';
export * from './in-process/in-process-bus';
export * from './relay/event-message';
export * from './relay/event-audience';
export * from './relay/event-relay';
export * from './consumer/dead-letter';
