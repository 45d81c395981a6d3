import { Type } from 'class-transformer';
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

export class SubjectDto {
  @IsIn(SUBJECT_KINDS) kind: SubjectKind;
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @IsOptional() @IsIn(SUBJECT_ROLES) role?: SubjectRole;
  @ValidateIf((s: SubjectDto) => s.kind === 'enterprise' || s.uscc !== undefined) @IsUscc() uscc?: string;
  /** Clear ID number: accepted on input, tokenised before anything is stored. */
  @IsOptional() @IsResidentId() idNumber?: string;
  @IsOptional() @IsString() @MaxLength(200) position?: string;
  @IsOptional() @IsBoolean() isOfficial?: boolean;
}

export class AttachmentDto {
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lower-case hex characters' }) sha256: string;
  @IsString() @IsNotEmpty() @MaxLength(255) name: string;
  @IsOptional() @IsString() @MaxLength(100) mediaType?: string;
}

export class ReporterDto {
  @IsBoolean() anonymous: boolean;
  @IsOptional() @IsString() @MaxLength(100) name?: string;
  @IsOptional() @IsString() @MaxLength(200) contact?: string;
}

export class RegisterClueDto {
  @IsIn(CLUE_SOURCES) source: ClueSource;
  @IsIn(CLUE_CATEGORIES) category: ClueCategory;
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(CLUE_CATEGORIES, { each: true }) alsoConcerns?: ClueCategory[];
  @IsString() @IsNotEmpty() @MaxLength(5000) summary: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => SubjectDto) subjects: SubjectDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AttachmentDto) attachments?: AttachmentDto[];
  @IsOptional() @ValidateNested() @Type(() => ReporterDto) reporter?: ReporterDto;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) amountYuan?: number;
}

class DeadlinesDto {
  /** 签收 deadline; default: now + the configured acknowledge period. */
  @IsOptional() @IsDateString({ strict: true }) acknowledgeBy?: string;
  /** 反馈 deadline; default: now + the configured feedback period. */
  @IsOptional() @IsDateString({ strict: true }) feedbackBy?: string;
}

export class TransferClueDto extends DeadlinesDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ArrayUnique() @IsDepartmentRef({ each: true }) to: string[];
  @IsString() @IsNotEmpty() @MaxLength(500) basis: string;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ForwardClueDto extends TransferClueDto {
  @IsOptional() @IsUUID() viaTransferId?: string;
}

export class RejectTransferDto {
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

/** 督办 by the lead unit: what it presses for, and by when. */
export class IssueSupervisionDto {
  @IsString() @IsNotEmpty() @MaxLength(2000) note: string;
  @IsDateString({ strict: true }) dueBy: string;
}

/**
 * 延期 asked by a recipient: how many more working days, and why. Shape only: the cap
 * (ExtensionDaysWithinPolicy) and which deadline is open are the domain's to judge.
 */
export class RequestExtensionDto {
  @IsInt() @Min(1) days: number;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

/** The sender grants a recipient's request; `recipient` may be omitted when the transfer has exactly one open request. */
export class GrantExtensionDto {
  @IsOptional() @IsDepartmentRef() recipient?: string;
}

/** The sender denies a recipient's request, saying why. */
export class DenyExtensionDto extends GrantExtensionDto {
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class OpenInvestigationDto {
  @IsString() @IsNotEmpty() @MaxLength(500) basis: string;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
  /** Whom it investigates (行贿受贿一起查), by the references GET /v1/cases/:id lists; every subject when omitted. */
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @Matches(SUBJECT_REF_PATTERN, { each: true, message: `each of subjects ${SUBJECT_REF_MESSAGE}` })
  subjects?: string[];
}

export class RecordFindingDto {
  @IsIn(FINDING_RESULTS) result: FindingResult;
  @IsString() @IsNotEmpty() @MaxLength(5000) summary: string;
  /** Evidence by content hash (FindingRecorded v2); none when omitted. */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AttachmentDto) evidence?: AttachmentDto[];
  /** Whom the finding is against (行贿受贿一起查), by subject reference; every subject of the clue when omitted. */
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @Matches(SUBJECT_REF_PATTERN, { each: true, message: `each of subjects ${SUBJECT_REF_MESSAGE}` })
  subjects?: string[];
}

export class DispositionMeasureDto {
  @IsIn(DISPOSITION_KINDS) kind: DispositionKind;
  @IsString() @IsNotEmpty() @MaxLength(2000) detail: string;
  @IsOptional() @IsString() @MaxLength(500) basis?: string;
}

export class DecideDispositionDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => DispositionMeasureDto) measures: DispositionMeasureDto[];
}

export class SendFeedbackDto {
  @IsOptional() @IsUUID() transferId?: string;
  @IsString() @IsNotEmpty() @MaxLength(5000) summary: string;
}
