import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { SUBJECT_KINDS, type SubjectKind } from '../events/clue-events';
import { IsResidentId, IsUscc } from './validators';

/** Request bodies of the sanctions API (`/v1/sanctions`, 联合惩戒). Shape only; the catalogue and the rules live in libs/domain/src/subject. */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = { message: 'must be a date YYYY-MM-DD (Asia/Shanghai)' };
const isOrganisation = (kind: SubjectKind): boolean => kind === 'enterprise' || kind === 'institution';

export class SanctionSubjectDto {
  @IsIn(SUBJECT_KINDS) kind: SubjectKind;
  /** Enterprises and institutions: 统一社会信用代码, required. */
  @ValidateIf((s: SanctionSubjectDto) => isOrganisation(s.kind) || s.uscc !== undefined) @IsUscc() uscc?: string;
  /** Persons and officials: the clear 居民身份证号, tokenised on arrival and never stored. */
  @ValidateIf((s: SanctionSubjectDto) => !isOrganisation(s.kind) || s.idNumber !== undefined) @IsResidentId() idNumber?: string;
  /** Enterprise or institution name (shown on the blacklist); refused for persons, whose names are personal data. */
  @ValidateIf((s: SanctionSubjectDto) => isOrganisation(s.kind)) @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
}

export class CreditRatingDto {
  @IsString() @IsNotEmpty() @MaxLength(40) scheme: string;
  @IsString() @IsNotEmpty() @MaxLength(40) grade: string;
}

export class ImposeSanctionDto {
  @ValidateNested() @Type(() => SanctionSubjectDto) subject: SanctionSubjectDto;
  @IsString() @IsNotEmpty() @MaxLength(80) measure: string;
  @IsOptional() @ValidateNested() @Type(() => CreditRatingDto) rating?: CreditRatingDto;
  @IsString() @IsNotEmpty() @MaxLength(500) legalBasis: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsUUID(undefined, { each: true }) caseIds?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsUUID(undefined, { each: true }) findingEventIds?: string[];
  @Matches(DAY, DAY_MESSAGE) startsOn: string;
  @IsOptional() @Matches(DAY, DAY_MESSAGE) endsOn?: string;
}

export class RevokeSanctionDto {
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @Matches(DAY, DAY_MESSAGE) effectiveOn: string;
}

export class RepairCreditDto {
  @IsString() @IsNotEmpty() @MaxLength(500) basis: string;
  @Matches(DAY, DAY_MESSAGE) effectiveOn: string;
}
