import type { SchemaParser } from '@asyncapi/parser';
import Ajv2020 from 'ajv/dist/2020';
import { PAYLOAD_SCHEMA_FORMAT } from './asyncapi-document';

/**
 * @asyncapi/parser knows JSON Schema up to draft-07; our payloads declare draft 2020-12. This
 * schema parser lets it check them anyway: each payload must compile with ajv's 2020-12
 * dialect in strict mode. (Our schemas use nothing the two drafts disagree on, so the
 * parser's own model reads them as they are.)
 */
export function jsonSchema2020Parser(): SchemaParser {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  return {
    getMimeTypes: () => [PAYLOAD_SCHEMA_FORMAT],
    validate: ({ data, path }) => {
      try {
        ajv.compile(data as object);
        return [];
      } catch (error) {
        return [{ message: `not a valid draft 2020-12 schema: ${(error as Error).message}`, path }];
      }
    },
    parse: ({ data }) => data as never,
  };
}
