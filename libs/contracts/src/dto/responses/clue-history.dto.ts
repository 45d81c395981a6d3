import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEPARTMENT_INSTANCE_EXAMPLE, UUID_EXAMPLE } from '../api-enums';

/** Who caused an event, when, under which legal basis and on which command. */
export class EventMetadataDto {
  @ApiProperty({ example: 'nhc:341300' })
  department: string;
  @ApiProperty({ description: 'The person or system acting for the department (never an ID number)', example: 'nhc:341300' })
  actor: string;
  @ApiProperty({ format: 'date-time' })
  occurredAt: string;
  @ApiProperty({ format: 'uuid' })
  causationId: string;
  @ApiProperty({ format: 'uuid' })
  correlationId: string;
  @ApiPropertyOptional({ description: '法律依据' })
  legalBasis?: string;
  @ApiPropertyOptional({ description: 'SHA-256 of the canonical command' })
  requestHash?: string;
}

/** An event as stored (不可篡改的事件): its data, envelope, positions and chain hashes. */
export class RecordedEventDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  eventId: string;
  @ApiProperty({ description: 'Event type, past tense', example: 'ClueTransferred' })
  type: string;
  @ApiProperty({ type: 'integer', description: 'Schema version of `data` (upcast on read)', example: 1 })
  schemaVersion: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event\'s facts; personal data only as tokens or ciphertext', example: { clueId: UUID_EXAMPLE, to: [DEPARTMENT_INSTANCE_EXAMPLE] } })
  data: Record<string, unknown>;
  @ApiProperty({ type: EventMetadataDto })
  metadata: EventMetadataDto;
  @ApiProperty({ example: `clue-${UUID_EXAMPLE}` })
  streamId: string;
  @ApiProperty({ type: 'integer', example: 1 })
  streamPosition: number;
  @ApiProperty({ type: 'integer', example: 43 })
  globalPosition: number;
  @ApiProperty({ format: 'date-time' })
  recordedAt: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  prevHash: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  hash: string;
}

/** A clue's history (线索全过程), in order, as of now or `asOf`. */
export class ClueHistoryDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  clueId: string;
  @ApiProperty({ type: [RecordedEventDto] })
  events: RecordedEventDto[];
}
