import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CONTRACT_FILE } from '@cluebus/service/openapi/contract-document';

type Json = Record<string, any>;

/** The committed contract, openapi/cluebus.v1.json. */
export const committedContract = (): Json => JSON.parse(readFileSync(join(__dirname, '..', '..', CONTRACT_FILE), 'utf8'));

/** Every operation of a document, with its method and path. */
export function operationsOf(document: Json): Array<{ method: string; path: string; operation: Json }> {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json).map(([method, operation]) => ({ method, path, operation: operation as Json })),
  );
}

/**
 * Closes every object schema that lists its properties (additionalProperties: false unless it
 * says otherwise), so a field the server returns but the contract does not name fails too.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)]));
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  // OpenAPI 3.0: `nullable` beside an allOf of a $ref also admits null (ajv applies it to `type` only).
  if (out.nullable && out.allOf) return { anyOf: [{ type: 'null' }, { allOf: out.allOf }] };
  return out;
}

/** Validates real answers against the response schemas the document declares, by operationId and status. */
export function responseValidator(document: Json) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'contract', components: closed(document.components) });
  const ops = operationsOf(document);
  return (operationId: string, status: number, body: unknown, contentType = 'application/json'): string[] => {
    const op = ops.find((o) => o.operation.operationId === operationId);
    if (!op) return [`no operation ${operationId} in the document`];
    const schema = op.operation.responses?.[String(status)]?.content?.[contentType]?.schema;
    if (!schema) return [`${operationId} declares no ${contentType} schema for ${status}`];
    const validate = ajv.compile({ $ref: `contract#/components/schemas/${String(schema.$ref).split('/').pop()}` });
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${operationId} ${status}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  };
}
