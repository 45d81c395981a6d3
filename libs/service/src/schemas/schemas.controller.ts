import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { cloudEventType } from '@cluebus/bus';
import { EVENT_SCHEMAS, EventJsonSchemaDto, EventSchemaListDto, eventSchemaOf, type JsonSchema } from '@cluebus/contracts';
import { ApiRead } from '../openapi/api-operation.decorator';

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
  @ApiRead({
    operationId: 'listEventSchemas',
    summary: '事件模式列表 — Every event type and schema version on the bus',
    description: '每种事件类型及版本及其 JSON Schema 地址，按类型、版本排序；无需密钥。— With where to fetch its JSON Schema, sorted by type then version; no API key needed.',
    response: EventSchemaListDto,
    public: true,
  })
  list(): { schemas: EventSchemaListing[] } {
    const schemas = EVENT_SCHEMAS.map(({ type, version, schema }) => ({ type, version, id: String(schema.$id), cloudEventType: cloudEventType(type, version), url: schemaUrl(type, version) }));
    return { schemas: schemas.sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version) };
  }

  @Get(':type/:version')
  @Header('Content-Type', 'application/schema+json')
  @ApiRead({
    operationId: 'getEventSchema',
    summary: '事件模式 — The JSON Schema of one event type at one version',
    description: 'Kafka 消息 data 的 JSON Schema（draft 2020-12），以 application/schema+json 返回；无需密钥。— Of the Kafka messages\' data (draft 2020-12), served as application/schema+json; no API key needed.',
    response: EventJsonSchemaDto,
    public: true,
    params: [
      { name: 'type', type: String, description: 'Event type', example: 'ClueTransferred' },
      { name: 'version', type: 'integer', description: 'Schema version', example: 1 },
    ],
    errors: { 404: ['SCHEMA_NOT_FOUND'] },
  })
  get(@Param('type') type: string, @Param('version') version: string): JsonSchema {
    if (!EVENT_SCHEMAS.some((s) => s.type === type)) throw notFound('type', `no event type ${type} on the bus; GET /v1/schemas lists them`);
    const entry = /^\d{1,6}$/.test(version) ? eventSchemaOf(type, Number(version)) : undefined;
    if (!entry) throw notFound('version', `${type} has no schema version ${version}; GET /v1/schemas lists its versions`);
    return entry.schema;
  }
}

const notFound = (field: 'type' | 'version', message: string) => new NotFoundException({ code: 'SCHEMA_NOT_FOUND', field, message });
