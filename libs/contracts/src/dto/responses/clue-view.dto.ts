import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiEnums, DEPARTMENT_INSTANCE_EXAMPLE, UUID_EXAMPLE } from '../api-enums';
import { InboxExtensionDto } from './inbox.dto';

/** A person's data as the log holds it (docs/adr/0010): the vault's token and salted commitments, never the value. */
export class SealedPersonalDataDto {
  @ApiProperty({ description: 'Vault token: idt1:… (ID number), pdt1:… (a subject), rpt1:… (a reporter)', example: 'pdt1:' + '0'.repeat(64) })
  token: string;
  @ApiProperty({ description: 'Per field, hex SHA-256 of (salt ‖ value); the salt stays in the vault', example: { name: 'a'.repeat(64) } })
  commitments: { name?: string; idNumber?: string; contact?: string };
}

/** A subject as a reader sees it: a person's ID number only as a keyed-hash token, never in clear; a person's name from the vault. */
export class SubjectRecordDto {
  @ApiProperty({ ...ApiEnums.SubjectKind, example: 'enterprise' })
  kind: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Enterprise/institution name; a person\'s name from the vault for an admitted reader, "[erased]" after erasure, null where an old (v1) event\'s clear name is withheld',
    example: '某医药有限公司',
  })
  name?: string | null;
  @ApiPropertyOptional({ type: SealedPersonalDataDto, description: 'A person\'s sealed data (token and commitments)' })
  personalData?: SealedPersonalDataDto;
  @ApiPropertyOptional({ ...ApiEnums.SubjectRole, example: 'briber' })
  role?: string;
  @ApiPropertyOptional({ description: '统一社会信用代码', example: '91330100716105852F' })
  uscc?: string;
  @ApiPropertyOptional({ description: 'Keyed hash (HMAC-SHA256) of the 居民身份证号', example: 'idt1:3f9a0c2b7d4e' })
  idToken?: string;
  @ApiPropertyOptional({ example: '心内科主任' })
  position?: string;
  @ApiPropertyOptional({ example: false })
  isOfficial?: boolean;
}

/** 延期 of one recipient's open deadline: the inbox's view of it, plus what was asked. */
export class ExtensionStateDto extends InboxExtensionDto {
  @ApiProperty({ example: '需调取银行流水' })
  reason: string;
  @ApiProperty({ format: 'date-time', description: 'The deadline when asked' })
  requestedDueAt: string;
}

/** One recipient's answer to a transfer. */
export class RecipientStateDto {
  @ApiProperty({ ...ApiEnums.RecipientStatus, example: 'acknowledged' })
  status: string;
  @ApiPropertyOptional({ description: '退回 reason, when rejected' })
  reason?: string;
  @ApiProperty({ description: 'True once this recipient sent feedback (反馈) on this transfer', example: false })
  feedbackSent: boolean;
  @ApiProperty({ ...ApiEnums.DeadlineKind, isArray: true, description: 'Deadlines recorded as missed (逾期)', example: [] })
  overdue: readonly string[];
  @ApiPropertyOptional({ format: 'date-time', description: 'This recipient\'s 签收 deadline once an extension moved it' })
  acknowledgeBy?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'This recipient\'s 反馈 deadline once an extension moved it' })
  feedbackBy?: string;
  @ApiPropertyOptional({ type: ExtensionStateDto })
  extension?: ExtensionStateDto;
}

/** A transfer (移交) or forward (转办). */
export class TransferStateDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  transferId: string;
  @ApiProperty({ enum: ['transfer', 'forward'], enumName: 'TransferKind', example: 'transfer' })
  kind: string;
  @ApiProperty({ type: 'integer', description: '0-based order among the clue\'s transfers and forwards', example: 0 })
  seq: number;
  @ApiProperty({ example: 'nhc:341300' })
  from: string;
  @ApiProperty({ type: [String], example: [DEPARTMENT_INSTANCE_EXAMPLE] })
  to: readonly string[];
  @ApiProperty({ example: '医药领域腐败问题线索移交机制' })
  basis: string;
  @ApiPropertyOptional()
  note?: string;
  @ApiProperty({ format: 'date-time' })
  acknowledgeBy: string;
  @ApiProperty({ format: 'date-time' })
  feedbackBy: string;
  @ApiPropertyOptional({ format: 'uuid' })
  viaTransferId?: string;
  @ApiPropertyOptional({ example: 'routing-v1' })
  policyVersion?: string;
  @ApiPropertyOptional({ type: 'integer', description: '督办 level so far (1, 2, …)', example: 1 })
  supervisionLevel?: number;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/RecipientStateDto' }, description: 'By recipient instance' })
  recipients: Record<string, RecipientStateDto>;
}

export class AttachmentRefDto {
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  sha256: string;
  @ApiProperty({ example: '转账记录.pdf' })
  name: string;
  @ApiPropertyOptional({ example: 'application/pdf' })
  mediaType?: string;
}

export class FindingDto {
  @ApiProperty({ ...ApiEnums.FindingResult, example: 'substantiated' })
  result: string;
  @ApiProperty({ example: '查实回扣2万元' })
  summary: string;
  @ApiProperty({ type: [AttachmentRefDto] })
  evidence: readonly AttachmentRefDto[];
  @ApiPropertyOptional({ type: [String] })
  subjects?: readonly string[];
}

export class DispositionMeasureViewDto {
  @ApiProperty({ ...ApiEnums.DispositionKind, example: 'administrative-penalty' })
  kind: string;
  @ApiProperty({ example: '没收违法所得并罚款' })
  detail: string;
  @ApiPropertyOptional()
  basis?: string;
}

export class FeedbackRecordDto {
  @ApiProperty({ format: 'uuid' })
  transferId: string;
  @ApiProperty({ example: 'nhc:341300' })
  to: string;
  @ApiProperty({ example: '已查实并作出行政处罚' })
  summary: string;
}

/** One department instance's investigation of the clue (一案多查: one track per department). */
export class InvestigationTrackDto {
  @ApiProperty({ example: DEPARTMENT_INSTANCE_EXAMPLE })
  by: string;
  @ApiProperty({ ...ApiEnums.TrackStatus, example: 'investigating' })
  status: string;
  @ApiProperty({ example: '反不正当竞争法第七条' })
  basis: string;
  @ApiPropertyOptional()
  note?: string;
  @ApiPropertyOptional({ type: [String] })
  subjects?: readonly string[];
  @ApiPropertyOptional({ type: FindingDto })
  finding?: FindingDto;
  @ApiPropertyOptional({ type: [DispositionMeasureViewDto] })
  measures?: readonly DispositionMeasureViewDto[];
  @ApiProperty({ type: [FeedbackRecordDto] })
  feedback: readonly FeedbackRecordDto[];
}

/** A clue as its events fold (线索当前状态), as of now or `asOf`; the reporter is never shown. */
export class ClueViewDto {
  @ApiProperty({ example: true })
  exists: boolean;
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  clueId: string;
  @ApiProperty({ example: 'nhc:341300' })
  registeredBy: string;
  @ApiPropertyOptional({ ...ApiEnums.ClueSource, example: 'report' })
  source?: string;
  @ApiPropertyOptional({ ...ApiEnums.ClueCategory, example: 'kickback' })
  category?: string;
  @ApiProperty({ ...ApiEnums.ClueCategory, isArray: true, example: [] })
  alsoConcerns: readonly string[];
  @ApiProperty({ type: [SubjectRecordDto] })
  subjects: readonly SubjectRecordDto[];
  @ApiProperty({ example: '医药代表以学术推广费名义向科室主任支付回扣' })
  summary: string;
  @ApiPropertyOptional({ example: 20000 })
  amountYuan?: number;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/TransferStateDto' }, description: 'By transferId' })
  transfers: Record<string, TransferStateDto>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/InvestigationTrackDto' }, description: 'By department instance' })
  tracks: Record<string, InvestigationTrackDto>;
  @ApiProperty({ type: 'integer', description: 'Stream position of the last event shown', example: 3 })
  version: number;
}
