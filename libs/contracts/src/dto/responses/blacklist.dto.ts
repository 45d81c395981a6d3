import { ApiProperty } from '@nestjs/swagger';
import { ApiEnums, DEPARTMENT_INSTANCE_EXAMPLE, UUID_EXAMPLE } from '../api-enums';

/** Whether a catalogue entry is a measure a department imposes or a notice the memorandum records. */
const MEASURE_KIND = { enum: ['measure', 'notice'], enumName: 'SanctionMeasureKind', example: 'measure' } as const;
const DAY = { format: 'date', example: '2026-12-01' } as const;

/** Who is listed (名单主体): persons only by their ID token, never a clear ID number or name. */
export class BlacklistSubjectDto {
  @ApiProperty({ ...ApiEnums.SubjectKind, example: 'enterprise' }) kind: string;
  @ApiProperty({ description: '`uscc:<统一社会信用代码>` or the ID token `idt1:…`', example: 'uscc:91330100716105852F' }) key: string;
  @ApiProperty({ type: String, nullable: true, description: '统一社会信用代码; null for a person', example: '91330100716105852F' }) uscc: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Enterprise or institution name; null for a person', example: '宿州某医药贸易有限公司' }) name: string | null;
}

/** 信用评价: the scheme and grade of a credit-rating measure. */
export class BlacklistRatingDto {
  @ApiProperty({ example: 'nhsa-2025' }) scheme: string;
  @ApiProperty({ example: '严重失信' }) grade: string;
}

/** What triggered a memorandum record (联合惩戒备忘录): the event, the sanction and the rule. */
export class BlacklistTriggerDto {
  @ApiProperty({ format: 'uuid', description: 'The event that triggered the record', example: UUID_EXAMPLE }) eventId: string;
  @ApiProperty({ format: 'uuid', description: 'The sanction that triggered it', example: UUID_EXAMPLE }) sanctionId: string;
  @ApiProperty({ description: 'The memorandum rule applied', example: 'procurement-credit-rating/serious' }) rule: string;
}

/** A sanction of a listing, with the events that prove it. */
export class ListedSanctionDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE }) sanctionId: string;
  @ApiProperty({ description: 'The department instance that applies it', example: DEPARTMENT_INSTANCE_EXAMPLE }) department: string;
  @ApiProperty({ description: 'The measure id in the catalogue', example: 'procurement-credit-rating' }) measure: string;
  @ApiProperty({ type: String, nullable: true, description: '措施名称 in the catalogue version it was imposed under; null when not found', example: '医药价格和招采信用评价' }) measureName: string | null;
  @ApiProperty(MEASURE_KIND) measureKind: string;
  @ApiProperty({ description: 'The sanction catalogue version', example: '2026-12-02.1' }) catalogueVersion: string;
  @ApiProperty({ type: BlacklistRatingDto, nullable: true, description: 'Scheme and grade of a credit rating; null for other measures' }) rating: BlacklistRatingDto | null;
  @ApiProperty({ description: '法律依据', example: '《关于进一步完善医药价格和招采信用评价制度的通知》' }) legalBasis: string;
  @ApiProperty(DAY) startsOn: string;
  @ApiProperty({ type: String, ...DAY, nullable: true, description: 'Last day in force (included); null: until revoked or repaired', example: '2027-11-30' }) endsOn: string | null;
  @ApiProperty({ type: [String], format: 'uuid', example: [UUID_EXAMPLE] }) caseIds: string[];
  @ApiProperty({ type: [String], format: 'uuid', example: [UUID_EXAMPLE] }) findingEventIds: string[];
  @ApiProperty({ format: 'uuid', description: 'The SanctionImposed event', example: UUID_EXAMPLE }) eventId: string;
  @ApiProperty({ type: BlacklistTriggerDto, nullable: true, description: 'For a memorandum record: what triggered it; else null' }) trigger: BlacklistTriggerDto | null;
}

/** One subject on the blacklist with every sanction in force on it. */
export class BlacklistListingDto {
  @ApiProperty({ type: BlacklistSubjectDto }) subject: BlacklistSubjectDto;
  @ApiProperty({ type: [String], description: 'The department instances whose sanctions list it', example: [DEPARTMENT_INSTANCE_EXAMPLE] }) departments: string[];
  @ApiProperty({ type: [ListedSanctionDto] }) sanctions: ListedSanctionDto[];
}

/** GET /v1/blacklist?format=json: who is listed on a day (黑名单). */
export class BlacklistDto {
  @ApiProperty({ ...DAY, description: 'The day asked (Asia/Shanghai)' }) asOf: string;
  @ApiProperty({ ...DAY, description: 'The day the answer was computed (China date): asOf may be any day before it' }) generatedOn: string;
  @ApiProperty({ type: [BlacklistListingDto] }) listings: BlacklistListingDto[];
}

/** A listed/delisted entry of the feed. */
export class BlacklistChangeDto {
  @ApiProperty({ type: 'integer', description: 'Global log position of the event', example: 42 }) position: number;
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE }) eventId: string;
  @ApiProperty({ description: 'The event type', example: 'SanctionImposed' }) eventType: string;
  @ApiProperty({ enum: ['listed', 'delisted'], enumName: 'BlacklistChangeKind', example: 'listed' }) change: 'listed' | 'delisted';
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE }) sanctionId: string;
  @ApiProperty({ description: '`uscc:<统一社会信用代码>` or the ID token `idt1:…`', example: 'uscc:91330100716105852F' }) subjectKey: string;
  @ApiProperty({ example: DEPARTMENT_INSTANCE_EXAMPLE }) department: string;
  @ApiProperty({ example: 'procurement-credit-rating' }) measure: string;
  @ApiProperty({ ...DAY, description: 'The day the change takes effect' }) effectiveOn: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:00:00.000Z' }) recordedAt: string;
}

/** GET /v1/blacklist/changes: the feed after a log position. */
export class BlacklistChangesDto {
  @ApiProperty({ type: [BlacklistChangeDto] }) changes: BlacklistChangeDto[];
  @ApiProperty({ type: 'integer', description: 'Ask again with since=next for what follows (the last position returned, or since when none)', example: 42 }) next: number;
}

/** A recorded read of an auditor or investigator (访问日志): who, what, when; ID numbers as tokens. */
export class AccessEntryDto {
  @ApiProperty({ type: 'integer', description: 'Entry id (ask on with after=id)', example: 17 }) id: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:00:00.000Z' }) at: string;
  @ApiProperty({ enum: ['auditor', 'investigator'], enumName: 'AccessLogRole', example: 'auditor' }) role: string;
  @ApiProperty({ description: 'The X-Actor of the read', example: 'auditor-01' }) actor: string;
  @ApiProperty({ description: 'Fingerprint of the API key used (never the key)', example: '3a7bd3e2360a3d29' }) keyFingerprint: string;
  @ApiProperty({ example: 'GET' }) method: string;
  @ApiProperty({ description: 'The route pattern read', example: '/v1/blacklist' }) route: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Route parameters and query: what was read (a clear ID number recorded as `idNumberToken`)', example: { uscc: '91330100716105852F' } })
  target: Record<string, unknown>;
}

/** GET /v1/access-log: one role's recorded reads after an id, oldest first (at most 1,000). */
export class AccessLogDto {
  @ApiProperty({ enum: ['auditor', 'investigator'], enumName: 'AccessLogRole', example: 'auditor' }) role: string;
  @ApiProperty({ type: [AccessEntryDto] }) entries: AccessEntryDto[];
}
