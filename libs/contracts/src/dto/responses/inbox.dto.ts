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

/** A matter handed over without a transfer: a one-sided bribery flag to ccdi (行贿受贿一起查). */
export class InboxNoticeDto {
  @ApiProperty({ format: 'uuid' })
  noticeId: string;
  @ApiProperty({ enum: ['one-sided-bribery'], enumName: 'NoticeKind', example: 'one-sided-bribery' })
  kind: string;
  @ApiProperty({ format: 'uuid' })
  caseId: string;
  @ApiProperty({ example: 'uscc:91330100716105852F' })
  briber: string;
  @ApiProperty({ example: 'idt1:3f9a0c2b7d4e' })
  bribeTaker: string;
  @ApiProperty({ ...ApiEnums.BriberySide, example: 'briber' })
  substantiatedSide: string;
  @ApiProperty({ type: [String], description: 'Substantiated findings cited: check them with GET /v1/audit/events/{eventId}/proof' })
  findingEventIds: string[];
  @ApiProperty({ type: [String] })
  clueIds: string[];
  @ApiProperty({ format: 'date-time' })
  windowEndedAt: string;
  @ApiProperty({ format: 'date-time' })
  noticedAt: string;
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
