import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CASE_TRACK_OUTCOMES, SUBJECT_REF_PATTERN, type CaseTrackOutcome } from '../events/case-events';

/** Request bodies of the case API (`/v1/cases`, 一案多查). Shape only; business rules live in libs/domain/src/case. */

export const SUBJECT_REF_MESSAGE = 'must be a subject reference: idt1:<token>, uscc:<统一社会信用代码> or subject:<clueId>/<index> (see GET /v1/cases/:id)';

export class OpenCaseDto {
  @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ArrayUnique() @IsUUID(undefined, { each: true }) clueIds: string[];
  @IsString() @IsNotEmpty() @MaxLength(500) basis: string;
}

export class AttachClueDto {
  @IsUUID() clueId: string;
}

export class ConcludeTrackDto {
  @IsIn(CASE_TRACK_OUTCOMES) outcome: CaseTrackOutcome;
  @IsString() @IsNotEmpty() @MaxLength(5000) summary: string;
}

export class ConcludeCaseDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(5000) summary?: string;
}

export class LinkBriberyPairDto {
  @IsString() @Matches(SUBJECT_REF_PATTERN, { message: `briber ${SUBJECT_REF_MESSAGE}` }) briber: string;
  @IsString() @Matches(SUBJECT_REF_PATTERN, { message: `bribeTaker ${SUBJECT_REF_MESSAGE}` }) bribeTaker: string;
}
