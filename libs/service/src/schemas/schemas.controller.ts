import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { cloudEventType } from '@cluebus/bus';
import { EVENT_SCHEMAS, eventSchemaOf, type JsonSchema } from '@cluebus/contracts';

/** One entry of GET /v1/schemas. */
export interface EventSchemaListing {
  type: string;
  version: number;
  /** The schema's $id, also the messages' ce_dataschema. */
  id: string;
  /** `ce_type` of the messages carrying this type and version. */
  cloudEventType: string;
  url: string;
}

export const schemaUrl = (type: string, version: number) => `/v1/schemas/${type}/${version}`;

/**
 * The published event contract (docs/adr/0014): the JSON Schema of every event type and
 * version, for consumers of the Kafka topics. Anonymous on purpose, like /health: schemas are
 * the public shape of the messages and hold no data, and a Java or Python consumer's build
 * fetches them without an API key (any key is ignored).
 */
@ApiTags('schemas')
@Controller('schemas')
export class SchemasController {
  @Get()
  @ApiOperation({ operationId: 'listEventSchemas', summary: 'Every event type and schema version on the bus, with where to fetch its JSON Schema' })
  @ApiOkResponse({ description: '{ schemas: [{ type, version, id, cloudEventType, url }] }, sorted by type then version' })
  list(): { schemas: EventSchemaListing[] } {
    const schemas = EVENT_SCHEMAS.map(({ type, version, schema }) => ({ type, version, id: String(schema.$id), cloudEventType: cloudEventType(type, version), url: schemaUrl(type, version) }));
    return { schemas: schemas.sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version) };
  }

  @Get(':type/:version')
  @Header('Content-Type', 'application/schema+json')
  @ApiOperation({ operationId: 'getEventSchema', summary: 'The JSON Schema (draft 2020-12) of the data of one event type at one version' })
  @ApiOkResponse({ description: 'The JSON Schema, as application/schema+json' })
  @ApiNotFoundResponse({ description: 'SCHEMA_NOT_FOUND: no such event type (field `type`) or version of it (field `version`)' })
  get(@Param('type') type: string, @Param('version') version: string): JsonSchema {
    if (!EVENT_SCHEMAS.some((s) => s.type === type)) throw notFound('type', `no event type ${type} on the bus; GET /v1/schemas lists them`);
    const entry = /^\d{1,6}$/.test(version) ? eventSchemaOf(type, Number(version)) : undefined;
    if (!entry) throw notFound('version', `${type} has no schema version ${version}; GET /v1/schemas lists its versions`);
    return entry.schema;
  }
}

const notFound = (field: 'type' | 'version', message: string) => new NotFoundException({ code: 'SCHEMA_NOT_FOUND', field, message });
