import { GENERATED_EVENT_SCHEMAS } from './schemas';

/** A JSON Schema document (draft 2020-12) as plain data. */
export type JsonSchema = Record<string, unknown>;

/** The schema of one event type at one version (generated from the TypeScript types: `npm run schemas`). */
export interface EventSchemaEntry {
  type: string;
  version: number;
  schema: JsonSchema;
}

/** Every event type and version of the contract, current and superseded, sorted by file name. */
export const EVENT_SCHEMAS: readonly EventSchemaEntry[] = GENERATED_EVENT_SCHEMAS;

export function eventSchemaOf(type: string, version: number): EventSchemaEntry | undefined {
  return EVENT_SCHEMAS.find((s) => s.type === type && s.version === version);
}
