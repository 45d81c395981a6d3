import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RecordedEventDto } from './clue-history.dto';

const HASH_ALGORITHM = { enum: ['sha256', 'sm3'], enumName: 'HashAlgorithm', example: 'sha256' };
const HEX64 = { pattern: '^[0-9a-f]{64}$' };

/** A signed RFC 6962 tree head over the first `treeSize` events of the global log (签名检查点). */
export class CheckpointDto {
  @ApiProperty({ type: 'integer', example: 128 })
  treeSize: number;
  @ApiProperty({ ...HEX64 })
  rootHash: string;
  @ApiProperty(HASH_ALGORITHM)
  algorithm: string;
  @ApiProperty({ format: 'date-time' })
  issuedAt: string;
  @ApiProperty({ example: '3a7bd3e2360a3d29' })
  keyId: string;
  @ApiProperty({ description: 'Ed25519 over the canonical unsigned fields, base64' })
  signature: string;
}

/** An audit signing key (审计公钥). */
export class PublishedKeyDto {
  @ApiProperty({ description: 'First 16 hex digits of SHA-256 over the SPKI DER', example: '3a7bd3e2360a3d29' })
  keyId: string;
  @ApiProperty({ enum: ['ed25519'], enumName: 'SignatureAlgorithm', example: 'ed25519' })
  algorithm: string;
  @ApiProperty({ example: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----\n' })
  publicKeyPem: string;
  @ApiProperty({ description: 'Configured in this process (rather than read from the store)', example: true })
  pinned: boolean;
}

/** The current signing key (its fields, when there is one) and every key known here. */
export class PublicKeysDto {
  @ApiPropertyOptional({ example: '3a7bd3e2360a3d29' })
  keyId?: string;
  @ApiPropertyOptional({ enum: ['ed25519'], enumName: 'SignatureAlgorithm', example: 'ed25519' })
  algorithm?: string;
  @ApiPropertyOptional()
  publicKeyPem?: string;
  @ApiPropertyOptional()
  pinned?: boolean;
  @ApiProperty({ type: [PublishedKeyDto] })
  keys: PublishedKeyDto[];
  @ApiProperty()
  note: string;
}

export class InclusionProofDto {
  @ApiProperty({ type: 'integer', description: '0-based leaf index (global position − 1)' })
  leafIndex: number;
  @ApiProperty({ type: 'integer' })
  treeSize: number;
  @ApiProperty(HASH_ALGORITHM)
  algorithm: string;
  @ApiProperty({ type: [String], description: 'RFC 6962 audit path, hex' })
  auditPath: string[];
}

/** An event exactly as stored, its inclusion proof and the checkpoint it is proven against (存在性证明). */
export class EventProofDto {
  @ApiProperty({ type: RecordedEventDto })
  event: RecordedEventDto;
  @ApiProperty({ type: InclusionProofDto })
  proof: InclusionProofDto;
  @ApiProperty({ type: CheckpointDto })
  checkpoint: CheckpointDto;
  @ApiPropertyOptional({ type: PublishedKeyDto, description: 'The signer as known here: pin it by id rather than trust this copy' })
  signer?: PublishedKeyDto;
  @ApiProperty({ description: 'What an outside verifier checks, in order' })
  howToVerify: string;
}

/** RFC 6962 consistency proof between two checkpoints (一致性证明). */
export class ConsistencyProofDto {
  @ApiProperty({ type: CheckpointDto })
  from: CheckpointDto;
  @ApiProperty({ type: CheckpointDto })
  to: CheckpointDto;
  @ApiProperty({ type: [String] })
  proof: string[];
}

export class CheckpointRefDto {
  @ApiProperty({ type: 'integer' })
  treeSize: number;
  @ApiProperty({ format: 'date-time' })
  issuedAt: string;
  @ApiPropertyOptional()
  keyId?: string;
}

export class CheckpointPolicyDto {
  @ApiProperty({ type: 'integer', description: 'A checkpoint every so many events' })
  every: number;
  @ApiProperty({ type: 'integer', description: '… or every so many seconds' })
  seconds: number;
}

export class CheckpointerStatusDto {
  @ApiProperty({ enum: ['running', 'halted', 'stopped'], enumName: 'CheckpointerState', example: 'running' })
  state: string;
  @ApiProperty({ type: 'integer' })
  treeSize: number;
  @ApiPropertyOptional({ type: CheckpointRefDto })
  latestCheckpoint?: CheckpointRefDto;
  @ApiPropertyOptional()
  haltedReason?: string;
}

export class AuditStatusDto {
  @ApiProperty({ type: 'integer' })
  headPosition: number;
  @ApiProperty({ type: CheckpointRefDto, nullable: true })
  latestCheckpoint: CheckpointRefDto | null;
  @ApiProperty({ type: 'integer', description: 'Events appended since the newest checkpoint' })
  uncheckpointed: number;
  @ApiProperty({ type: CheckpointPolicyDto })
  policy: CheckpointPolicyDto;
  @ApiProperty({ type: CheckpointerStatusDto, nullable: true, description: 'Null when another process issues checkpoints' })
  checkpointer: CheckpointerStatusDto | null;
}

export class PositionRangeDto {
  @ApiProperty({ type: 'integer' })
  from: number;
  @ApiProperty({ type: 'integer' })
  to: number;
}

/** The verdict of recomputing the chain and every checkpoint over the whole log (全量校验). */
export class VerifyLogDto {
  @ApiProperty({ example: true })
  ok: boolean;
  @ApiProperty({ type: 'integer' })
  checked: number;
  @ApiPropertyOptional({ type: 'integer', description: 'First global position found bad' })
  firstBadPosition?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'Tree size of a checkpoint that is itself bad' })
  badCheckpoint?: number;
  @ApiPropertyOptional()
  reason?: string;
  @ApiProperty({ type: 'integer' })
  provenThrough: number;
  @ApiProperty({ type: 'integer' })
  checkpointsVerified: number;
  @ApiPropertyOptional({ type: PositionRangeDto })
  suspectRange?: PositionRangeDto;
  @ApiProperty({ type: 'integer' })
  from: number;
  @ApiProperty({ type: 'integer' })
  through: number;
  @ApiPropertyOptional({ type: 'integer' })
  headPosition?: number;
  @ApiProperty({ type: 'integer' })
  elapsedMs: number;
  @ApiProperty({ enum: ['configured', 'store-registry'], enumName: 'KeySource', description: 'configured: keys pinned here; store-registry: read from the store under test (weaker)' })
  keySource: string;
  @ApiProperty({ type: [String] })
  trustedKeyIds: string[];
  @ApiProperty({ format: 'date-time' })
  startedAt: string;
}
