import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CASE_TRACK_OUTCOMES, SUBJECT_REF_PATTERN, type CaseTrackOutcome } from '../events/case-events';
import { ApiEnums, UUID_EXAMPLE } from './api-enums';

/** Request bodies of the case API (`/v1/cases`, 一案多查). Shape only; business rules live in libs/domain/src/case. */

export const SUBJECT_REF_MESSAGE = 'must be a subject reference: idt1:<token>, uscc:<统一社会信用代码> or subject:<clueId>/<index> (see GET /v1/cases/:id)';

export class OpenCaseDto {
  @ApiProperty({ maxLength: 200, example: '某医药有限公司回扣案' })
  @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 100, uniqueItems: true, example: [UUID_EXAMPLE] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ArrayUnique() @IsUUID(undefined, { each: true }) clueIds: string[];
  @ApiProperty({ maxLength: 500, description: '并案依据', example: '一案多查：同一企业涉及回扣与虚开发票' })
  @IsString() @IsNotEmpty() @MaxLength(500) basis: string;
}

export class AttachClueDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  @IsUUID() clueId: string;
}

export class ConcludeTrackDto {
  @ApiProperty({ ...ApiEnums.CaseTrackOutcome, example: 'substantiated' })
  @IsIn(CASE_TRACK_OUTCOMES) outcome: CaseTrackOutcome;
  @ApiProperty({ maxLength: 5000, description: '办结情况', example: '已查实并移送' })
  @IsString() @IsNotEmpty() @MaxLength(5000) summary: string;
}

export class ConcludeCaseDto {
  @ApiPropertyOptional({ maxLength: 5000, description: '结案意见', example: '各部门均已办结' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(5000) summary?: string;
}

export class LinkBriberyPairDto {
  @ApiProperty({ description: 'Subject reference of the briber (行贿方)', example: 'uscc:91330100716105852F' })
  @IsString() @Matches(SUBJECT_REF_PATTERN, { message: `briber ${SUBJECT_REF_MESSAGE}` }) briber: string;
  @ApiProperty({ description: 'Subject reference of the bribe-taker (受贿方)', example: 'idt1:3f9a0c2b7d4e' })
  @IsString() @Matches(SUBJECT_REF_PATTERN, { message: `bribeTaker ${SUBJECT_REF_MESSAGE}` }) bribeTaker: string;
}
