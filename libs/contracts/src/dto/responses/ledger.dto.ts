import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiEnums, DEPARTMENT_INSTANCE_EXAMPLE } from '../api-enums';

/**
 * A row of the transfer ledger (台账): one per transfer and recipient. With scope=all the
 * free-text fields (basis, note, reason) are left out, hence every field is optional.
 */
export class LedgerRowDto {
  @ApiPropertyOptional({ format: 'uuid' }) transferId?: string;
  @ApiPropertyOptional({ enum: ['transfer', 'forward'], enumName: 'TransferKind', example: 'transfer' }) kind?: string;
  @ApiPropertyOptional({ format: 'uuid' }) clueId?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'ClueCategory, or null', example: 'kickback' }) category?: string | null;
  @ApiPropertyOptional({ example: 'nhc:341300' }) sender?: string;
  @ApiPropertyOptional({ example: DEPARTMENT_INSTANCE_EXAMPLE }) recipient?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) viaTransferId?: string | null;
  @ApiPropertyOptional({ description: '移交依据 (left out with scope=all)' }) basis?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) note?: string | null;
  @ApiPropertyOptional({ ...ApiEnums.InboxStatus, example: 'acknowledged' }) status?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: '退回 reason' }) reason?: string | null;
  @ApiPropertyOptional({ format: 'date-time' }) transferredAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) acknowledgeBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) feedbackBy?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) acknowledgedAt?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) rejectedAt?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) answeredAt?: string | null;
  @ApiPropertyOptional({ description: 'A deadline passed without the answer (逾期), judged at generatedAt' }) overdue?: boolean;
  @ApiPropertyOptional({ description: 'The scheduler recorded the miss (TransferOverdue)' }) overdueRecorded?: boolean;
  @ApiPropertyOptional({ type: 'integer' }) supervisionLevel?: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The latest extension (延期): requested, granted, denied, or null', example: 'granted' }) extension?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The recipient\'s finding (FindingRecorded result)' }) outcome?: string | null;
}

/** GET /v1/ledger?format=json: the 台账 and how it was cut. */
export class LedgerDto {
  @ApiProperty({ description: 'Whose ledger: the caller\'s instance, or `all`', example: DEPARTMENT_INSTANCE_EXAMPLE }) department: string;
  @ApiProperty({ enum: ['own', 'all'], enumName: 'LedgerScope', example: 'own' }) scope: string;
  @ApiProperty({ enum: ['sent', 'received', 'both'], enumName: 'LedgerDirection', example: 'both' }) direction: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-11-01' }) from: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-11-30' }) to: string | null;
  @ApiProperty({ format: 'date-time', description: 'The instant `overdue` was judged at' }) generatedAt: string;
  @ApiProperty({ description: 'scope=all: free-text fields left out' }) metadataOnly: boolean;
  @ApiProperty({ type: [LedgerRowDto] }) rows: LedgerRowDto[];
}

/** 通报 statistics of one department instance over the period. */
export class DepartmentStatsDto {
  @ApiProperty({ example: DEPARTMENT_INSTANCE_EXAMPLE }) department: string;
  @ApiProperty({ type: 'integer' }) sent: number;
  @ApiProperty({ type: 'integer' }) received: number;
  @ApiProperty({ type: 'integer' }) pending: number;
  @ApiProperty({ type: 'integer' }) acknowledged: number;
  @ApiProperty({ type: 'integer' }) rejected: number;
  @ApiProperty({ type: 'integer' }) answered: number;
  @ApiProperty({ type: 'integer' }) overdue: number;
  @ApiProperty({ type: Number, nullable: true, description: 'overdue / received; null when nothing received' }) overdueRate: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianWorkingDaysToAcknowledge: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianWorkingDaysToFeedback: number | null;
}

export class StatsDto {
  @ApiProperty({ type: String, format: 'date', nullable: true }) from: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) to: string | null;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ enum: ['Asia/Shanghai'], enumName: 'WorkingDaysCalendar', description: 'Working days: the national calendar' }) workingDays: 'Asia/Shanghai';
  @ApiProperty({ type: [DepartmentStatsDto] }) departments: DepartmentStatsDto[];
}

/** Counts of one department instance in the ledger app's read model (跨部门台账). */
export class DepartmentLedgerRowDto {
  @ApiProperty({ example: DEPARTMENT_INSTANCE_EXAMPLE }) department: string;
  @ApiProperty({ type: 'integer' }) cluesRegistered: number;
  @ApiProperty({ type: 'integer' }) transfersSent: number;
  @ApiProperty({ type: 'integer' }) forwardsSent: number;
  @ApiProperty({ type: 'integer' }) transfersReceived: number;
  @ApiProperty({ type: 'integer' }) acknowledged: number;
  @ApiProperty({ type: 'integer' }) rejected: number;
  @ApiProperty({ type: 'integer' }) answered: number;
  @ApiProperty({ type: 'integer' }) pending: number;
  @ApiProperty({ type: 'integer' }) lastEventPosition: number;
}

export class DepartmentLedgerListDto {
  @ApiProperty({ type: [DepartmentLedgerRowDto] }) departments: DepartmentLedgerRowDto[];
}
