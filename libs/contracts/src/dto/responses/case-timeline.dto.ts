import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UUID_EXAMPLE } from '../api-enums';
import { CheckpointDto, InclusionProofDto } from './audit.dto';
import { EventMetadataDto } from './clue-history.dto';

/**
 * One event of a case's timeline (案件全过程): who, when, under which legal basis, on which
 * command, and its place in the chain. `data`, `metadata` and the positions are exactly as
 * stored (not upcast), so an outside verifier recomputes the leaf over what it was shown.
 */
export class CaseTimelineEventDto {
  @ApiProperty({ type: 'integer', description: 'Position in the global log (1-based); the timeline is ordered by it', example: 43 })
  position: number;
  @ApiProperty({ example: `clue-${UUID_EXAMPLE}` })
  streamId: string;
  @ApiProperty({ type: 'integer', description: 'Position within its stream (0-based)', example: 1 })
  streamPosition: number;
  @ApiProperty({ format: 'uuid' })
  eventId: string;
  @ApiProperty({ example: 'ClueTransferred' })
  type: string;
  @ApiProperty({ type: 'integer', description: 'Schema version of `data` as stored', example: 2 })
  schemaVersion: number;
  @ApiProperty({ format: 'date-time' })
  recordedAt: string;
  @ApiProperty({ format: 'date-time' })
  occurredAt: string;
  @ApiProperty({ example: 'nhc:341300' })
  department: string;
  @ApiProperty({ example: 'nhc:341300' })
  actor: string;
  @ApiPropertyOptional({ description: '法律依据, where the event has one' })
  legalBasis?: string;
  @ApiProperty({ format: 'uuid' })
  causationId: string;
  @ApiProperty({ format: 'uuid' })
  correlationId: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'Chain hash' })
  hash: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  prevHash: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event\'s facts as stored; personal data only as tokens and commitments' })
  data: Record<string, unknown>;
  @ApiProperty({ type: EventMetadataDto, description: 'The envelope as stored (what the leaf hash covers)' })
  metadata: EventMetadataDto;
  @ApiPropertyOptional({ type: InclusionProofDto, description: 'With proof=true: inclusion in `checkpoint`; absent for events after it (not yet checkpointed) or withheld (see proofWithheld)' })
  proof?: InclusionProofDto;
  @ApiPropertyOptional({ enum: ['NOT_YET_CHECKPOINTED', 'PERSONAL_DATA_IN_CLEAR'], enumName: 'ProofWithheldReason', description: 'Why an event has no proof with proof=true' })
  proofWithheld?: string;
}

/** A case's merged timeline: the case stream and every clue stream attached to it, by global position, as of now or `asOf`. */
export class CaseTimelineDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  caseId: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The instant the timeline was cut at; null: now' })
  asOf: string | null;
  @ApiProperty({ type: CheckpointDto, nullable: true, description: 'With proof=true: the newest signed checkpoint the proofs lead to; null otherwise or when none is signed yet' })
  checkpoint: CheckpointDto | null;
  @ApiProperty({ type: [CaseTimelineEventDto] })
  events: CaseTimelineEventDto[];
}
