import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiEnums } from '../api-enums';

const HEALTH_STATUS = { enum: ['ok', 'degraded'], enumName: 'HealthStatus', example: 'ok' };
const PROCESSORS = { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Each processor\'s name, kind, state and counters (operators\' view; its fields may grow)' } as const;

/** 200 either way: `degraded` is for operators and alerts, not a reason to restart or unroute. */
export class HealthDto {
  @ApiProperty(HEALTH_STATUS) status: string;
  @ApiPropertyOptional({ type: [String], description: 'Why degraded' }) problems?: string[];
  @ApiProperty({ enum: ['standalone', 'department'], enumName: 'RunMode', example: 'standalone' }) mode: string;
  @ApiProperty({ ...ApiEnums.DepartmentCode, isArray: true }) departments: string[];
  @ApiProperty({ enum: ['pglite', 'postgres'], enumName: 'StoreKind', example: 'pglite' }) store: string;
  @ApiProperty({ enum: ['in-process', 'kafka'], enumName: 'BusKind', example: 'in-process' }) bus: string;
  @ApiProperty({ type: 'integer' }) headPosition: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Last position the relay in this process shipped; null: no relay here' }) relayPosition: number | null;
  @ApiProperty(PROCESSORS) processors: object[];
}

/** The ledger app's health. */
export class LedgerHealthDto {
  @ApiProperty(HEALTH_STATUS) status: string;
  @ApiPropertyOptional({ type: [String] }) problems?: string[];
  @ApiProperty({ enum: ['ledger'], enumName: 'LedgerServiceName', example: 'ledger' }) service: string;
  @ApiProperty({ type: 'integer' }) headPosition: number;
  @ApiProperty({ type: Number, nullable: true }) relayPosition: number | null;
  @ApiProperty({ type: 'integer' }) ledgerPosition: number;
  @ApiProperty(PROCESSORS) processors: object[];
}
