import Ajv2020 from 'ajv/dist/2020';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_EVENT_VERSIONS } from '../src/events/case-events';
import { CLUE_EVENT_VERSIONS } from '../src/events/clue-events';
import { EVENT_SCHEMAS } from '../src/events/event-schemas';
import { PERSONAL_DATA_EVENT_VERSIONS } from '../src/events/personal-data-events';
import { SUBJECT_EVENT_VERSIONS } from '../src/events/subject-events';
import { generateEventSchemas, SCHEMA_DIALECT, SCHEMA_INDEX_FILE, SCHEMAS_DIR, schemaFileText, schemaIndexText } from './event-schema-generator';

const CURRENT_VERSIONS: Record<string, number> = { ...CLUE_EVENT_VERSIONS, ...CASE_EVENT_VERSIONS, ...PERSONAL_DATA_EVENT_VERSIONS, ...SUBJECT_EVENT_VERSIONS };
const FIX = 'run `npm run schemas` and commit libs/contracts/src/events/schemas/';

describe('event JSON Schemas (generated from the TypeScript event types)', () => {
  const generated = generateEventSchemas();

  it('given the event types, when the schemas are generated again, then the committed files are exactly what comes out (no drift)', () => {
    const committed = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json')).sort();
    expect({ files: committed, fix: FIX }).toEqual({ files: generated.map((s) => s.fileName).sort(), fix: FIX });
    for (const s of generated) expect({ file: s.fileName, text: readFileSync(join(SCHEMAS_DIR, s.fileName), 'utf8') }).toEqual({ file: s.fileName, text: schemaFileText(s) });
    expect(readFileSync(join(SCHEMAS_DIR, SCHEMA_INDEX_FILE), 'utf8')).toBe(schemaIndexText(generated));
  });

  it('given the event unions, when their types and versions are listed, then each version from 1 to the current one has a schema', () => {
    const expected = Object.entries(CURRENT_VERSIONS).flatMap(([type, current]) => Array.from({ length: current }, (_, i) => `${type}.v${i + 1}`));
    const present = EVENT_SCHEMAS.map((s) => `${s.type}.v${s.version}`);
    // A bumped version whose old shape was not moved to SupersededEventDataByVersion shows here.
    expect(expected.filter((k) => !present.includes(k))).toEqual([]);
    expect(present.filter((k) => !expected.includes(k))).toEqual([]);
  });

  it('given every schema, when compiled by ajv as draft 2020-12 in strict mode, then it compiles and refuses unknown fields', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    for (const { type, version, schema } of EVENT_SCHEMAS) {
      expect(schema.$schema).toBe(SCHEMA_DIALECT);
      expect(schema.$id).toBe(`urn:cluebus:schema:${type}:v${version}`);
      const validate = ajv.compile(schema);
      expect({ type, version, valid: validate({ unexpectedField: 1 }) }).toEqual({ type, version, valid: false });
    }
  });
});
