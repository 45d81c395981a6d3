/** What the store bench and its writer processes (store-writer-process.ts) say to each other. */
import * as path from 'node:path';

export type WriterKind = 'raw' | 'inline' | 'sealer' | 'emmett' | 'message-db';
export interface WriterRun {
  kind: WriterKind;
  batch: number;
  ms: number;
}
export interface WriterResult {
  ops: number;
  ms: number;
}
/** Emmett's PostgreSQL event store, pinned in its own package.json and lock, installed by the bench. */
export const EMMETT_DIR = path.join(__dirname, '..', 'peers', 'emmett');
export const emmettModule = (name: 'emmett' | 'emmett-postgresql') => path.join(EMMETT_DIR, 'node_modules', '@event-driven-io', name);
/** Message DB's published SQL (@eventide/message-db), pinned the same way, run into the bench database. */
export const MESSAGE_DB_DIR = path.join(__dirname, '..', 'peers', 'message-db');
export const messageDbSql = (file: string) => path.join(MESSAGE_DB_DIR, 'node_modules', '@eventide', 'message-db', 'database', file);
