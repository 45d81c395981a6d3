import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ASYNCAPI_FILE, asyncApiText } from './asyncapi-document';
import { generateEventSchemas, SCHEMA_INDEX_FILE, SCHEMAS_DIR, schemaFileText, schemaIndexText } from './event-schema-generator';

/** `npm run schemas`: rewrites libs/contracts/src/events/schemas/ (stale files removed) and asyncapi/cluebus.v1.yaml from the event types. */
const schemas = generateEventSchemas();
for (const f of readdirSync(SCHEMAS_DIR)) if (f.endsWith('.schema.json')) rmSync(join(SCHEMAS_DIR, f));
for (const s of schemas) writeFileSync(join(SCHEMAS_DIR, s.fileName), schemaFileText(s));
writeFileSync(join(SCHEMAS_DIR, SCHEMA_INDEX_FILE), schemaIndexText(schemas));
mkdirSync(dirname(ASYNCAPI_FILE), { recursive: true });
writeFileSync(ASYNCAPI_FILE, asyncApiText(schemas));
console.log(`${schemas.length} event schemas written to ${SCHEMAS_DIR}, and ${ASYNCAPI_FILE}`);
