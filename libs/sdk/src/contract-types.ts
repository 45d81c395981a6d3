/**
 * The request and response types of the contract, re-exported as types only, each from its own
 * file of libs/contracts (never its index, which also holds the server's validators): the SDK's
 * users type their bodies with them, and build:sdk packs just these declarations, without the
 * classes' decorators or any runtime of the server.
 */
export type { AttachClueDto, ConcludeCaseDto, ConcludeTrackDto, LinkBriberyPairDto, OpenCaseDto } from '@cluebus/contracts/dto/case-requests.dto';
export type { AuditStatusDto, CheckpointDto, ConsistencyProofDto, EventProofDto, PublicKeysDto, VerifyLogDto } from '@cluebus/contracts/dto/responses/audit.dto';
export type { BlacklistChangesDto, BlacklistDto, BlacklistListingDto, AccessLogDto } from '@cluebus/contracts/dto/responses/blacklist.dto';
export type { CaseCommandOutcomeDto, ClueCommandOutcomeDto, ErasureOutcomeDto, SanctionCommandOutcomeDto } from '@cluebus/contracts/dto/responses/command-outcome.dto';
export type { CaseListDto, CaseViewDto } from '@cluebus/contracts/dto/responses/case-view.dto';
export type { CaseTimelineDto, CaseTimelineEventDto } from '@cluebus/contracts/dto/responses/case-timeline.dto';
export type { ClueHistoryDto, RecordedEventDto } from '@cluebus/contracts/dto/responses/clue-history.dto';
export type { ClueViewDto } from '@cluebus/contracts/dto/responses/clue-view.dto';
export type { DecideDispositionDto, DenyExtensionDto, ForwardClueDto, GrantExtensionDto, IssueSupervisionDto, OpenInvestigationDto, RecordFindingDto, RegisterClueDto, RejectTransferDto, RequestExtensionDto, SendFeedbackDto, TransferClueDto } from '@cluebus/contracts/dto/clue-requests.dto';
export type { EventJsonSchemaDto, EventSchemaListDto } from '@cluebus/contracts/dto/responses/event-schemas.dto';
export type { HealthDto } from '@cluebus/contracts/dto/responses/health.dto';
export type { ImposeSanctionDto, RepairCreditDto, RevokeSanctionDto } from '@cluebus/contracts/dto/sanction-requests.dto';
export type { InboxDto, InboxItemDto, InboxNoticeDto } from '@cluebus/contracts/dto/responses/inbox.dto';
export type { LedgerDto, StatsDto } from '@cluebus/contracts/dto/responses/ledger.dto';
export type { ProblemDetailsDto } from '@cluebus/contracts/dto/responses/problem-details.dto';
export type { RoutingDto } from '@cluebus/contracts/dto/responses/routing.dto';
export type { InboxStreamItemDto, InboxStreamKind } from '@cluebus/contracts/dto/responses/inbox-stream.dto';
export type { InboxStatus } from '@cluebus/contracts/dto/api-enums';
export type { ClueCategory } from '@cluebus/contracts/events/clue-events';
export type { RecordedEvent } from '@cluebus/contracts/envelope';
