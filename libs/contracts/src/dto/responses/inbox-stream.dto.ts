import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiEnums, UUID_EXAMPLE } from '../api-enums';

/** What happened in a department's inbox, one kind per event type addressed to it. */
export const INBOX_STREAM_KINDS = ['transfer', 'supervision', 'overdue', 'extension-granted', 'extension-denied', 'one-sided-bribery', 'joint-punishment'] as const;
export type InboxStreamKind = (typeof INBOX_STREAM_KINDS)[number];

/**
 * One item of `GET /v1/inbox/stream` (server-sent events, `event: inbox`): an event addressed to
 * the caller's department instance, as references and terms only (no names, no personal data).
 * `position` is the event's global log position and the SSE `id`: gap-free and in commit order
 * (docs/adr/0002), so resuming after it (`Last-Event-ID`) neither skips nor repeats an item.
 */
export class InboxStreamItemDto {
  @ApiProperty({ type: 'integer', description: 'Global log position of the event; the SSE id and the resume cursor', example: 42 })
  position: number;
  @ApiProperty({ enum: [...INBOX_STREAM_KINDS], enumName: 'InboxStreamKind', example: 'transfer' })
  kind: InboxStreamKind;
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  eventId: string;
  @ApiProperty({ description: 'The event type', example: 'ClueTransferred' })
  type: string;
  @ApiProperty({ format: 'date-time' })
  occurredAt: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'transfer, supervision, overdue, extension-*' })
  clueId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'transfer, supervision, overdue, extension-*' })
  transferId?: string;
  @ApiPropertyOptional({ example: 'nhc:341300', description: 'transfer: the sender; extension-*: the sender deciding; supervision: the lead unit' })
  from?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'transfer by 转办: the transfer it was forwarded from' })
  viaTransferId?: string;
  @ApiPropertyOptional({ example: '医药领域腐败问题线索移交机制', description: 'transfer' })
  basis?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'transfer' })
  acknowledgeBy?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'transfer' })
  feedbackBy?: string;
  @ApiPropertyOptional({ ...ApiEnums.DeadlineKind, description: 'overdue, extension-*' })
  deadline?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'overdue: the missed deadline; extension-granted: the new one; supervision: 督办 due-by' })
  dueAt?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'supervision: 督办 level (1, 2, …)' })
  level?: number;
  @ApiPropertyOptional({ description: 'supervision: the note; extension-denied: the reason' })
  note?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'one-sided-bribery' })
  caseId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'joint-punishment: the record to act on' })
  sanctionId?: string;
}
