import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { SUBJECT_KINDS, type SubjectKind } from '../events/clue-events';
import { ApiEnums, UUID_EXAMPLE } from './api-enums';
import { IsResidentId, IsUscc } from './validators';

/** Request bodies of the sanctions API (`/v1/sanctions`, 联合惩戒). Shape only; the catalogue and the rules live in libs/domain/src/subject. */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = { message: 'must be a date YYYY-MM-DD (Asia/Shanghai)' };
const isOrganisation = (kind: SubjectKind): boolean => kind === 'enterprise' || kind === 'institution';

export class SanctionSubjectDto {
  @ApiProperty({ ...ApiEnums.SubjectKind, example: 'enterprise' })
  @IsIn(SUBJECT_KINDS) kind: SubjectKind;
  /** Enterprises and institutions: 统一社会信用代码, required. */
  @ApiPropertyOptional({ description: '统一社会信用代码 (GB 32100-2015)；企业、事业单位必填 — required for an enterprise or institution', example: '91330100716105852F' })
  @ValidateIf((s: SanctionSubjectDto) => isOrganisation(s.kind) || s.uscc !== undefined) @IsUscc() uscc?: string;
  /** Persons and officials: the clear 居民身份证号, tokenised on arrival and never stored. */
  @ApiPropertyOptional({ description: '居民身份证号 (GB 11643-1999)；自然人必填，到达即令牌化，不存储、不返回 — required for a person or official; tokenised on arrival, never stored or answered', example: '11010519491231002X' })
  @ValidateIf((s: SanctionSubjectDto) => !isOrganisation(s.kind) || s.idNumber !== undefined) @IsResidentId() idNumber?: string;
  /** Enterprise or institution name (shown on the blacklist); refused for persons, whose names are personal data. */
  @ApiPropertyOptional({ maxLength: 200, description: '企业或事业单位名称（黑名单上显示）；企业、事业单位必填，自然人不接受 — Name of the enterprise or institution (shown on the blacklist), required for them; refused for a person (personal data)', example: '宿州某医药贸易有限公司' })
  @ValidateIf((s: SanctionSubjectDto) => isOrganisation(s.kind)) @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
}

export class CreditRatingDto {
  @ApiProperty({ maxLength: 40, description: '信用评价办法（目录中的 scheme）— The rating scheme of the catalogue', example: 'nhsa-2025' })
  @IsString() @IsNotEmpty() @MaxLength(40) scheme: string;
  @ApiProperty({ maxLength: 40, description: '该办法的信用等级 — A grade of that scheme', example: '严重失信' })
  @IsString() @IsNotEmpty() @MaxLength(40) grade: string;
}

export class ImposeSanctionDto {
  @ApiProperty({ type: SanctionSubjectDto, description: '惩戒对象 — The subject sanctioned' })
  @IsObject() @ValidateNested() @Type(() => SanctionSubjectDto) subject: SanctionSubjectDto;
  @ApiProperty({ maxLength: 80, description: '惩戒措施：调用部门目录中的措施 id — A measure id of the caller\'s department in the sanction catalogue', example: 'procurement-credit-rating' })
  @IsString() @IsNotEmpty() @MaxLength(80) measure: string;
  @ApiPropertyOptional({ type: CreditRatingDto, description: '信用评价措施必填，其他措施不接受 — Required for a credit-rating measure, refused for any other' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CreditRatingDto) rating?: CreditRatingDto;
  @ApiProperty({ maxLength: 500, description: '法律依据 — Legal basis', example: '《关于进一步完善医药价格和招采信用评价制度的通知》' })
  @IsString() @IsNotEmpty() @MaxLength(500) legalBasis: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 50, uniqueItems: true, description: '所依据的案件 — Cases the sanction rests on', example: [UUID_EXAMPLE] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsUUID(undefined, { each: true }) caseIds?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 50, uniqueItems: true, description: '所依据的调查结论事件 (FindingRecorded) — Finding events the sanction rests on', example: [UUID_EXAMPLE] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsUUID(undefined, { each: true }) findingEventIds?: string[];
  @ApiProperty({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '起始日 (Asia/Shanghai) — First day in force', example: '2026-12-01' })
  @Matches(DAY, DAY_MESSAGE) startsOn: string;
  @ApiPropertyOptional({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '最后一日（含），省略则至撤销或修复 — Last day in force (included); left out: until revoked or repaired', example: '2027-11-30' })
  @IsOptional() @Matches(DAY, DAY_MESSAGE) endsOn?: string;
}

export class RevokeSanctionDto {
  @ApiProperty({ maxLength: 2000, description: '撤销理由 — Why the sanction is revoked', example: '行政处罚决定已被撤销' })
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @ApiProperty({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '生效日 (Asia/Shanghai) — The day the revocation takes effect', example: '2026-12-02' })
  @Matches(DAY, DAY_MESSAGE) effectiveOn: string;
}

export class RepairCreditDto {
  @ApiProperty({ maxLength: 500, description: '信用修复依据 — Basis of the credit repair', example: '已完成整改并通过信用修复审核' })
  @IsString() @IsNotEmpty() @MaxLength(500) basis: string;
  @ApiProperty({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '生效日 (Asia/Shanghai) — The day the repair takes effect', example: '2026-12-02' })
  @Matches(DAY, DAY_MESSAGE) effectiveOn: string;
}
