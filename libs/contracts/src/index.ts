export * from './envelope';
export * from './departments';
export * from './identifiers/uscc';
export * from './identifiers/resident-id';
export * from './events/clue-events';
export * from './dto/validators';
export * from './dto/clue-requests.dto';
export * from './events/clue-event-upcasts';
