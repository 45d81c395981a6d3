import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiEnums, DEPARTMENT_INSTANCE_EXAMPLE, UUID_EXAMPLE } from '../api-enums';

const CASE_STATUS = { enum: ['open', 'concluded'], enumName: 'CaseStatus' };

/** A department's track of the case (一案多查): 进行中 / 已办结, as GET /v1/cases lists it. */
export class CaseTrackSummaryDto {
  @ApiProperty({ example: DEPARTMENT_INSTANCE_EXAMPLE })
  department: string;
  @ApiProperty({ ...CASE_STATUS, example: 'open' })
  status: string;
  @ApiPropertyOptional({ ...ApiEnums.CaseTrackOutcome, example: 'substantiated' })
  outcome?: string;
}

/** The track as GET /v1/cases/:id shows it. */
export class CaseTrackViewDto extends CaseTrackSummaryDto {
  @ApiPropertyOptional()
  summary?: string;
  @ApiProperty({ enum: ['acknowledged-transfer', 'investigation'], enumName: 'TrackOpenedVia', example: 'acknowledged-transfer' })
  via: string;
  @ApiProperty({ format: 'uuid' })
  clueId: string;
}

/** A subject of the case's clues, by reference only (no names). */
export class CaseSubjectDto {
  @ApiProperty({ example: 'uscc:91330100716105852F' })
  ref: string;
  @ApiProperty({ ...ApiEnums.SubjectKind, example: 'enterprise' })
  kind: string;
  @ApiProperty({ ...ApiEnums.SubjectRole, isArray: true, example: ['briber'] })
  roles: readonly string[];
  @ApiProperty({ type: [String] })
  clueIds: readonly string[];
}

/** 行贿受贿一起查: a briber and a bribe-taker investigated together. */
export class BriberyPairDto {
  @ApiProperty({ example: 'uscc:91330100716105852F' })
  briber: string;
  @ApiProperty({ example: 'idt1:3f9a0c2b7d4e' })
  bribeTaker: string;
  @ApiProperty({ enum: ['derived', 'linked'], enumName: 'BriberyPairSource', isArray: true, example: ['derived'] })
  sources: readonly string[];
  @ApiProperty({ type: [String] })
  clueIds: readonly string[];
}

/** A pair flagged one-sided and handed to ccdi. */
export class CaseFlagViewDto {
  @ApiProperty({ enum: ['one-sided-bribery'], enumName: 'NoticeKind', example: 'one-sided-bribery' })
  kind: string;
  @ApiProperty()
  briber: string;
  @ApiProperty()
  bribeTaker: string;
  @ApiProperty({ ...ApiEnums.BriberySide, example: 'briber' })
  substantiatedSide: string;
  @ApiProperty({ type: [String] })
  findingEventIds: string[];
  @ApiProperty({ example: 'ccdi:341300' })
  recipient: string;
  @ApiProperty({ format: 'date-time' })
  windowEndedAt: string;
}

export class CaseConclusionDto {
  @ApiProperty({ example: 'nhc:341300' })
  by: string;
  @ApiPropertyOptional()
  summary?: string;
}

/** A case (案件) as its viewer may see it. */
export class CaseViewDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  caseId: string;
  @ApiProperty({ description: '牵头单位', example: 'nhc:341300' })
  lead: string;
  @ApiProperty({ example: '某医药有限公司回扣案' })
  title: string;
  @ApiProperty()
  basis: string;
  @ApiProperty({ ...CASE_STATUS, example: 'open' })
  status: string;
  @ApiProperty({ type: [String], description: 'Clue ids, in the order they joined' })
  clues: string[];
  @ApiProperty({ type: [CaseTrackViewDto] })
  tracks: CaseTrackViewDto[];
  @ApiProperty({ type: [String], description: 'Departments whose tracks are open (what blocks 结案)' })
  openTracks: string[];
  @ApiProperty({ type: [CaseSubjectDto] })
  subjects: CaseSubjectDto[];
  @ApiProperty({ type: [BriberyPairDto] })
  briberyPairs: BriberyPairDto[];
  @ApiProperty({ type: [CaseFlagViewDto] })
  flags: CaseFlagViewDto[];
  @ApiPropertyOptional({ type: CaseConclusionDto })
  conclusion?: CaseConclusionDto;
  @ApiProperty({ type: 'integer', example: 2 })
  version: number;
}

/** A row of GET /v1/cases. */
export class CaseSummaryDto {
  @ApiProperty({ format: 'uuid' })
  caseId: string;
  @ApiProperty({ example: 'nhc:341300' })
  lead: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ ...CASE_STATUS, example: 'open' })
  status: string;
  @ApiProperty({ type: 'integer', description: 'How many clues', example: 2 })
  clues: number;
  @ApiProperty({ type: [CaseTrackSummaryDto] })
  tracks: CaseTrackSummaryDto[];
  @ApiProperty({ type: [String] })
  openTracks: string[];
}

export class CaseListDto {
  @ApiProperty({ type: [CaseSummaryDto] })
  cases: CaseSummaryDto[];
}
