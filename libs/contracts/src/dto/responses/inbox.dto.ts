import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiEnums, DEPARTMENT_INSTANCE_EXAMPLE, UUID_EXAMPLE } from '../api-enums';

/** The latest 延期 a recipient asked for and what became of it. */
export class InboxExtensionDto {
  @ApiProperty({ ...ApiEnums.ExtensionStatus, example: 'granted' })
  status: string;
  @ApiProperty({ ...ApiEnums.DeadlineKind, example: 'feedback' })
  deadline: string;
  @ApiProperty({ type: 'integer', example: 10 })
  days: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'The new deadline, once granted' })
  dueAt?: string;
  @ApiPropertyOptional({ description: 'Why the sender said no, once denied' })
  denialReason?: string;
}

/** A transfer received (收件箱条目). */
export class InboxItemDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  transferId: string;
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  clueId: string;
  @ApiProperty({ example: 'nhc:341300' })
  from: string;
  @ApiPropertyOptional({ format: 'uuid' })
  viaTransferId?: string;
  @ApiProperty({ example: '医药领域腐败问题线索移交机制' })
  basis: string;
  @ApiProperty({ ...ApiEnums.InboxStatus, example: 'pending' })
  status: string;
  @ApiPropertyOptional({ description: '退回 reason' })
  reason?: string;
  @ApiProperty({ format: 'date-time' })
  acknowledgeBy: string;
  @ApiProperty({ format: 'date-time' })
  feedbackBy: string;
  @ApiProperty({ format: 'date-time' })
  transferredAt: string;
  @ApiPropertyOptional({ format: 'date-time' })
  answeredAt?: string;
  @ApiProperty({ description: 'A deadline passed without the answer (逾期)', example: false })
  overdue: boolean;
  @ApiProperty({ type: 'integer', description: '督办 level while awaiting this department; 0 when none', example: 0 })
  supervisionLevel: number;
  @ApiPropertyOptional({ format: 'date-time' })
  supervisionDueBy?: string;
  @ApiPropertyOptional()
  supervisionNote?: string;
  @ApiPropertyOptional({ type: InboxExtensionDto })
  extension?: InboxExtensionDto;
}

/**
 * A matter handed over without a transfer: a one-sided bribery flag to ccdi (行贿受贿一起查), or a
 * record another department's measure triggered here (联合惩戒备忘录). `kind` says which members are set.
 */
export class InboxNoticeDto {
  @ApiProperty({ format: 'uuid', description: 'The notice\'s event id' })
  noticeId: string;
  @ApiProperty({ enum: ['one-sided-bribery', 'joint-punishment'], enumName: 'NoticeKind', example: 'one-sided-bribery' })
  kind: string;
  @ApiProperty({ format: 'date-time' })
  noticedAt: string;
  // one-sided-bribery
  @ApiPropertyOptional({ format: 'uuid', description: 'one-sided-bribery: the case' })
  caseId?: string;
  @ApiPropertyOptional({ example: 'uscc:91330100716105852F', description: 'one-sided-bribery' })
  briber?: string;
  @ApiPropertyOptional({ example: 'idt1:3f9a0c2b7d4e', description: 'one-sided-bribery' })
  bribeTaker?: string;
  @ApiPropertyOptional({ ...ApiEnums.BriberySide, example: 'briber', description: 'one-sided-bribery' })
  substantiatedSide?: string;
  @ApiPropertyOptional({ type: [String], description: 'one-sided-bribery: substantiated findings cited; check them with GET /v1/audit/events/{eventId}/proof' })
  findingEventIds?: string[];
  @ApiPropertyOptional({ type: [String], description: 'one-sided-bribery' })
  clueIds?: string[];
  @ApiPropertyOptional({ format: 'date-time', description: 'one-sided-bribery' })
  windowEndedAt?: string;
  // joint-punishment
  @ApiPropertyOptional({ format: 'uuid', description: 'joint-punishment: the triggered sanction' })
  sanctionId?: string;
  @ApiPropertyOptional({ example: 'uscc:91330100716105852F', description: 'joint-punishment: `uscc:<code>` or an ID token, never a person\'s name' })
  subjectKey?: string;
  @ApiPropertyOptional({ description: 'joint-punishment: the measure of this department\'s catalogue' })
  measure?: string;
  @ApiPropertyOptional({ format: 'date', description: 'joint-punishment' })
  startsOn?: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'joint-punishment: null while open-ended' })
  endsOn?: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'joint-punishment: the triggering SanctionImposed event' })
  triggerEventId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'joint-punishment: the triggering sanction' })
  triggerSanctionId?: string;
  @ApiPropertyOptional({ description: 'joint-punishment: the memorandum rule' })
  rule?: string;
}

/** The department's inbox (收件箱): transfers received and notices. */
export class InboxDto {
  @ApiProperty({ example: DEPARTMENT_INSTANCE_EXAMPLE })
  department: string;
  @ApiProperty({ type: [InboxItemDto] })
  items: InboxItemDto[];
  @ApiProperty({ type: [InboxNoticeDto] })
  notices: InboxNoticeDto[];
}
