/** The SQL client shared by the store and the projections (one database). */
export const SQL_CLIENT = Symbol('SQL_CLIENT');
export { BUS } from '@cluebus/bus';
export { EVENT_STORE } from '@cluebus/eventstore';
