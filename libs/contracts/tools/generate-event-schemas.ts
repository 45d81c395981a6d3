import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEventSchemas, SCHEMA_INDEX_FILE, SCHEMAS_DIR, schemaFileText, schemaIndexText } from './event-schema-generator';

/** `npm run schemas`: rewrites libs/contracts/src/events/schemas/ from the event types (stale files removed). */
const schemas = generateEventSchemas();
for (const f of readdirSync(SCHEMAS_DIR)) if (f.endsWith('.schema.json')) rmSync(join(SCHEMAS_DIR, f));
for (const s of schemas) writeFileSync(join(SCHEMAS_DIR, s.fileName), schemaFileText(s));
writeFileSync(join(SCHEMAS_DIR, SCHEMA_INDEX_FILE), schemaIndexText(schemas));
console.log(`${schemas.length} event schemas written to ${SCHEMAS_DIR}`);
