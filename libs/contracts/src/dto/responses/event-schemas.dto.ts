import { ApiProperty } from '@nestjs/swagger';

/** One event type at one version on the bus, and where its JSON Schema is (docs/adr/0014). */
export class EventSchemaListingDto {
  @ApiProperty({ description: 'Event type, past tense', example: 'ClueTransferred' })
  type: string;
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  version: number;
  @ApiProperty({ description: "The schema's $id, also the messages' ce_dataschema", example: 'urn:cluebus:schema:ClueTransferred:v1' })
  id: string;
  @ApiProperty({ description: 'ce_type of the Kafka messages carrying this type and version', example: 'cn.gov.cluebus.ClueTransferred.v1' })
  cloudEventType: string;
  @ApiProperty({ example: '/v1/schemas/ClueTransferred/1' })
  url: string;
}

/** GET /v1/schemas: every event type and version, sorted by type then version. */
export class EventSchemaListDto {
  @ApiProperty({ type: [EventSchemaListingDto] })
  schemas: EventSchemaListingDto[];
}

/** A JSON Schema (draft 2020-12) of one event's data; beyond these members it is any JSON Schema. */
export class EventJsonSchemaDto {
  @ApiProperty({ example: 'https://json-schema.org/draft/2020-12/schema' })
  $schema: string;
  @ApiProperty({ example: 'urn:cluebus:schema:ClueTransferred:v1' })
  $id: string;
  @ApiProperty({ example: 'ClueTransferred v1' })
  title: string;
  @ApiProperty({ example: 'object' })
  type: string;
}
