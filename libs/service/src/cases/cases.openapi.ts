import { AttachClueDto, CaseCommandOutcomeDto, CaseListDto, CaseTimelineDto, CaseViewDto, ConcludeCaseDto, ConcludeTrackDto, LinkBriberyPairDto, OpenCaseDto } from '@cluebus/contracts';
import { CaseErrorCodes as E } from '@cluebus/domain';
import { ApiCommand, ApiRead } from '../openapi/api-operation.decorator';
import { ERRORS_OF_A_LOGGED_READ, type ErrorCodes, mergeErrors } from '../openapi/error-codes';

/** The contract of /v1/cases (一案多查), one entry per operation. */

const ON_A_CASE = ['id'] as const;
const CASE_UNSEEN: ErrorCodes = { 403: [E.NOT_A_CASE_PARTICIPANT], 404: [E.CASE_NOT_FOUND] };
const AS_OF = { name: 'asOf', type: String, format: 'date-time', description: '某一时刻的状态 — As it stood at this ISO-8601 time (default: now)', example: '2026-12-01T00:00:00Z' } as const;
const PROOF = { name: 'proof', type: Boolean, description: '附存在性证明 — Each event with its inclusion proof against the newest signed checkpoint', example: true } as const;
const OPEN_CASE: ErrorCodes = mergeErrors(CASE_UNSEEN, { 409: [E.CASE_ALREADY_CONCLUDED] });

export const CasesApi = {
  open: ApiCommand({
    operationId: 'openCase',
    summary: '立案（并案）— Open a case over clues the caller can see; the caller leads it (牵头单位)',
    status: 201,
    body: OpenCaseDto,
    response: CaseCommandOutcomeDto,
    errors: {
      409: [E.CASE_ALREADY_EXISTS],
      422: [E.TITLE_REQUIRED, E.CLUES_REQUIRED, E.CLUE_LISTED_TWICE, E.CLUE_NOT_FOUND],
    },
  }),
  attachClue: ApiCommand({
    operationId: 'attachClueToCase',
    summary: '追加线索 — Attach a clue to the case',
    status: 200,
    body: AttachClueDto,
    response: CaseCommandOutcomeDto,
    uuidParams: ON_A_CASE,
    errors: mergeErrors(OPEN_CASE, { 409: [E.CLUE_ALREADY_ATTACHED], 422: [E.CLUE_NOT_FOUND] }),
  }),
  concludeTrack: ApiCommand({
    operationId: 'concludeCaseTrack',
    summary: '本部门办结 — Conclude the caller\'s own track of the case',
    status: 200,
    body: ConcludeTrackDto,
    response: CaseCommandOutcomeDto,
    uuidParams: ON_A_CASE,
    errors: mergeErrors(OPEN_CASE, { 409: [E.TRACK_ALREADY_CONCLUDED], 403: [E.ONLY_TRACK_HOLDER_MAY_CONCLUDE_TRACK], 422: [E.INVALID_OUTCOME] }),
  }),
  conclude: ApiCommand({
    operationId: 'concludeCase',
    summary: '结案 — Conclude the case (lead unit only)',
    description: '仍有未办结的部门时返回 409 CASE_TRACKS_OPEN 并列出 openTracks。— 409 CASE_TRACKS_OPEN names `openTracks` while any track is open.',
    status: 200,
    body: ConcludeCaseDto,
    response: CaseCommandOutcomeDto,
    uuidParams: ON_A_CASE,
    errors: mergeErrors(OPEN_CASE, { 403: [E.ONLY_LEAD_MAY_CONCLUDE], 409: [E.CASE_TRACKS_OPEN] }),
  }),
  linkBriberyPair: ApiCommand({
    operationId: 'linkBriberyPair',
    summary: '行贿受贿一起查 — Link a briber and a bribe-taker by subject reference',
    status: 200,
    body: LinkBriberyPairDto,
    response: CaseCommandOutcomeDto,
    uuidParams: ON_A_CASE,
    errors: mergeErrors(OPEN_CASE, { 409: [E.BRIBERY_PAIR_ALREADY_LINKED], 422: [E.BRIBERY_PAIR_SAME_SUBJECT, E.SUBJECT_NOT_IN_CASE] }),
  }),
  list: ApiRead({
    operationId: 'listCases',
    summary: '案件列表 — The cases the caller takes part in (investigators: all)',
    response: CaseListDto,
    errors: ERRORS_OF_A_LOGGED_READ,
  }),
  get: ApiRead({
    operationId: 'getCase',
    summary: '查看案件 — A case as the caller may see it (subjects by reference only), now or as of a time',
    response: CaseViewDto,
    uuidParams: ON_A_CASE,
    queries: [AS_OF],
    errors: mergeErrors(CASE_UNSEEN, ERRORS_OF_A_LOGGED_READ),
  }),
  timeline: ApiRead({
    operationId: 'getCaseTimeline',
    summary: '案件全过程回放 — The case\'s and its clues\' events across departments, in log order, as stored (now or as of a time), optionally with proofs',
    description:
      '每次读取都记入访问日志。— Every read is recorded in the access log, whoever reads. Data and envelope as stored, so each leaf can be recomputed; ' +
      'with proof=true each event carries its RFC 6962 inclusion proof against `checkpoint`.',
    response: CaseTimelineDto,
    uuidParams: ON_A_CASE,
    queries: [AS_OF, PROOF],
    errors: mergeErrors(CASE_UNSEEN, mergeErrors(ERRORS_OF_A_LOGGED_READ, { 500: ['INTEGRITY_FAILURE'] })),
  }),
};
