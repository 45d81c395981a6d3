import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ApiEnums, DEPARTMENT_INSTANCE_EXAMPLE, UUID_EXAMPLE } from './api-enums';
import { SUBJECT_REF_PATTERN } from '../events/case-events';
import { SUBJECT_REF_MESSAGE } from './case-requests.dto';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CLUE_CATEGORIES,
  CLUE_SOURCES,
  DISPOSITION_KINDS,
  FINDING_RESULTS,
  SUBJECT_KINDS,
  SUBJECT_ROLES,
  type ClueCategory,
  type ClueSource,
  type DispositionKind,
  type FindingResult,
  type SubjectKind,
  type SubjectRole,
} from '../events/clue-events';
import { IsDepartmentRef, IsResidentId, IsUscc } from './validators';

/** Request bodies of the HTTP API (`/v1`). Shape only; business rules live in libs/domain. */

/** Subject references (行贿受贿一起查): what GET /v1/cases/:id lists under `subjects`. */
const SUBJECT_REFS_PROPERTY: ApiPropertyOptions = { type: [String], minItems: 1, maxItems: 50, uniqueItems: true, description: 'Subject references: idt1:<token>, uscc:<统一社会信用代码> or subject:<clueId>/<index>', example: ['uscc:91330100716105852F'] };

export class SubjectDto {
  @ApiProperty({ ...ApiEnums.SubjectKind, example: 'enterprise' })
  @IsIn(SUBJECT_KINDS) kind: SubjectKind;
  @ApiProperty({ maxLength: 200, description: 'Name of the enterprise, institution or person (a person\'s name is encrypted before it is stored)', example: '某医药有限公司' })
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({ ...ApiEnums.SubjectRole, example: 'briber' })
  @IsOptional() @IsIn(SUBJECT_ROLES) role?: SubjectRole;
  @ApiPropertyOptional({ description: '统一社会信用代码 (GB 32100-2015); required for an enterprise', example: '91330100716105852F' })
  @ValidateIf((s: SubjectDto) => s.kind === 'enterprise' || s.uscc !== undefined) @IsUscc() uscc?: string;
  /** Clear ID number: accepted on input, tokenised before anything is stored. */
  @ApiPropertyOptional({ description: '居民身份证号 (GB 11643-1999), tokenised before anything is stored', example: '11010519491231002X' })
  @IsOptional() @IsResidentId() idNumber?: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'Position or employer', example: '心内科主任' })
  @IsOptional() @IsString() @MaxLength(200) position?: string;
  @ApiPropertyOptional({ description: 'Party member or public official (公职人员): routes to ccdi', example: false })
  @IsOptional() @IsBoolean() isOfficial?: boolean;
}

export class AttachmentDto {
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the file (the file itself stays with the sender)', example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lower-case hex characters' }) sha256: string;
  @ApiProperty({ maxLength: 255, example: '转账记录.pdf' })
  @IsString() @IsNotEmpty() @MaxLength(255) name: string;
  @ApiPropertyOptional({ maxLength: 100, example: 'application/pdf' })
  @IsOptional() @IsString() @MaxLength(100) mediaType?: string;
}

export class ReporterDto {
  @ApiProperty({ description: '匿名举报', example: false })
  @IsBoolean() anonymous: boolean;
  @ApiPropertyOptional({ maxLength: 100, description: 'Reporter\'s name: encrypted, visible only to the registering department', example: '李某' })
  @IsOptional() @IsString() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'Reporter\'s contact: encrypted, visible only to the registering department', example: '13800000000' })
  @IsOptional() @IsString() @MaxLength(200) contact?: string;
}

export class RegisterClueDto {
  @ApiProperty({ ...ApiEnums.ClueSource, example: 'report' })
  @IsIn(CLUE_SOURCES) source: ClueSource;
  @ApiProperty({ ...ApiEnums.ClueCategory, example: 'kickback' })
  @IsIn(CLUE_CATEGORIES) category: ClueCategory;
  @ApiPropertyOptional({ ...ApiEnums.ClueCategory, isArray: true, uniqueItems: true, description: 'Further categories the clue concerns', example: ['bribery'] })
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(CLUE_CATEGORIES, { each: true }) alsoConcerns?: ClueCategory[];
  @ApiProperty({ maxLength: 5000, example: '医药代表以学术推广费名义向科室主任支付回扣' })
  @IsString() @IsNotEmpty() @MaxLength(5000) summary: string;
  @ApiProperty({ type: [SubjectDto], minItems: 1, maxItems: 100 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => SubjectDto) subjects: SubjectDto[];
  @ApiPropertyOptional({ type: [AttachmentDto], maxItems: 100 })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AttachmentDto) attachments?: AttachmentDto[];
  @ApiPropertyOptional({ type: ReporterDto, description: 'The whistleblower (举报人); never in clear in an event' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ReporterDto) reporter?: ReporterDto;
  @ApiPropertyOptional({ minimum: 0, description: 'Amount involved, in yuan (涉案金额)', example: 20000 })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) amountYuan?: number;
}

class DeadlinesDto {
  /** 签收 deadline; default: now + the configured acknowledge period. */
  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-09T09:00:00.000Z' })
  @IsOptional() @IsDateString({ strict: true }) acknowledgeBy?: string;
  /** 反馈 deadline; default: now + the configured feedback period. */
  @ApiPropertyOptional({ format: 'date-time', example: '2027-01-29T09:00:00.000Z' })
  @IsOptional() @IsDateString({ strict: true }) feedbackBy?: string;
}

export class TransferClueDto extends DeadlinesDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 20, uniqueItems: true, description: 'Recipients: a department code (the sender\'s region) or code:region', example: ['samr', 'sta'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ArrayUnique() @IsDepartmentRef({ each: true }) to: string[];
  @ApiProperty({ maxLength: 500, description: '移交依据', example: '医药领域腐败问题线索移交机制' })
  @IsString() @IsNotEmpty() @MaxLength(500) basis: string;
  @ApiPropertyOptional({ maxLength: 2000, example: '请于期限内签收' })
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ForwardClueDto extends TransferClueDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The transfer through which the forwarder received the clue', example: UUID_EXAMPLE })
  @IsOptional() @IsUUID() viaTransferId?: string;
}

export class RejectTransferDto {
  @ApiProperty({ maxLength: 2000, description: '退回理由', example: '未发现涉税问题，不属本部门管辖' })
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

/** 督办 by the lead unit: what it presses for, and by when. */
export class IssueSupervisionDto {
  @ApiProperty({ maxLength: 2000, example: '请于三个工作日内签收并反馈进展' })
  @IsString() @IsNotEmpty() @MaxLength(2000) note: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-10T09:00:00.000Z' })
  @IsDateString({ strict: true }) dueBy: string;
}

/**
 * 延期 asked by a recipient: how many more working days, and why. Shape only: the cap
 * (ExtensionDaysWithinPolicy) and which deadline is open are the domain's to judge.
 */
export class RequestExtensionDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Working days more (工作日); the cap is policy', example: 10 })
  @IsInt() @Min(1) days: number;
  @ApiProperty({ maxLength: 2000, description: '延期理由', example: '需调取银行流水，协查未完成' })
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

/** The sender grants a recipient's request; `recipient` may be omitted when the transfer has exactly one open request. */
export class GrantExtensionDto {
  @ApiPropertyOptional({ description: 'The recipient whose request is decided (code or code:region); omit when only one is open', example: DEPARTMENT_INSTANCE_EXAMPLE })
  @IsOptional() @IsDepartmentRef() recipient?: string;
}

/** The sender denies a recipient's request, saying why. */
export class DenyExtensionDto extends GrantExtensionDto {
  @ApiProperty({ maxLength: 2000, description: '不予延期的理由', example: '案情简单，期限内可以完成' })
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class OpenInvestigationDto {
  @ApiProperty({ maxLength: 500, description: '立案/调查依据', example: '反不正当竞争法第七条' })
  @IsString() @IsNotEmpty() @MaxLength(500) basis: string;
  @ApiPropertyOptional({ maxLength: 2000, example: '调取财务凭证' })
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
  /** Whom it investigates (行贿受贿一起查), by the references GET /v1/cases/:id lists; every subject when omitted. */
  @ApiPropertyOptional(SUBJECT_REFS_PROPERTY)
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @Matches(SUBJECT_REF_PATTERN, { each: true, message: `each of subjects ${SUBJECT_REF_MESSAGE}` })
  subjects?: string[];
}

export class RecordFindingDto {
  @ApiProperty({ ...ApiEnums.FindingResult, example: 'substantiated' })
  @IsIn(FINDING_RESULTS) result: FindingResult;
  @ApiProperty({ maxLength: 5000, example: '查实回扣2万元' })
  @IsString() @IsNotEmpty() @MaxLength(5000) summary: string;
  /** Evidence by content hash (FindingRecorded v2); none when omitted. */
  @ApiPropertyOptional({ type: [AttachmentDto], maxItems: 100 })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AttachmentDto) evidence?: AttachmentDto[];
  /** Whom the finding is against (行贿受贿一起查), by subject reference; every subject of the clue when omitted. */
  @ApiPropertyOptional(SUBJECT_REFS_PROPERTY)
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @Matches(SUBJECT_REF_PATTERN, { each: true, message: `each of subjects ${SUBJECT_REF_MESSAGE}` })
  subjects?: string[];
}

export class DispositionMeasureDto {
  @ApiProperty({ ...ApiEnums.DispositionKind, example: 'administrative-penalty' })
  @IsIn(DISPOSITION_KINDS) kind: DispositionKind;
  @ApiProperty({ maxLength: 2000, example: '没收违法所得并罚款' })
  @IsString() @IsNotEmpty() @MaxLength(2000) detail: string;
  @ApiPropertyOptional({ maxLength: 500, example: '反不正当竞争法第十九条' })
  @IsOptional() @IsString() @MaxLength(500) basis?: string;
}

export class DecideDispositionDto {
  @ApiProperty({ type: [DispositionMeasureDto], minItems: 1, maxItems: 50 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => DispositionMeasureDto) measures: DispositionMeasureDto[];
}

export class SendFeedbackDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The received transfer this feedback answers; omit when only one is open', example: UUID_EXAMPLE })
  @IsOptional() @IsUUID() transferId?: string;
  @ApiProperty({ maxLength: 5000, example: '已查实并作出行政处罚' })
  @IsString() @IsNotEmpty() @MaxLength(5000) summary: string;
}
