import {
  ClueCommandOutcomeDto,
  ClueHistoryDto,
  ClueViewDto,
  DecideDispositionDto,
  DenyExtensionDto,
  ForwardClueDto,
  GrantExtensionDto,
  IssueSupervisionDto,
  OpenInvestigationDto,
  RecordFindingDto,
  RegisterClueDto,
  RejectTransferDto,
  RequestExtensionDto,
  RoutingDto,
  SendFeedbackDto,
  TransferClueDto,
} from '@cluebus/contracts';
import { ClueErrorCodes as E } from '@cluebus/domain';
import { ApiCommand, ApiRead } from '../openapi/api-operation.decorator';
import { ERRORS_OF_A_LOGGED_READ, type ErrorCodes, mergeErrors } from '../openapi/error-codes';

/** The contract of /v1/clues, one entry per operation (the controller applies them). */

const ON_A_CLUE = ['id'] as const;
const ON_A_TRANSFER = ['id', 'tid'] as const;
const CLUE_UNSEEN: ErrorCodes = { 404: [E.CLUE_NOT_FOUND] };
const TRANSFER_UNSEEN: ErrorCodes = { 404: [E.CLUE_NOT_FOUND, E.TRANSFER_NOT_FOUND] };
const RECIPIENT_LIST: ErrorCodes = {
  409: [E.DUPLICATE_RECIPIENT, E.TRANSFER_ID_IN_USE],
  422: [
    E.BASIS_REQUIRED,
    E.RECIPIENTS_REQUIRED,
    E.RECIPIENT_LISTED_TWICE,
    E.INVALID_RECIPIENT,
    E.RECIPIENT_IS_SENDER,
    E.RECIPIENT_IS_REGISTRAR,
    E.REQUIRED_RECIPIENT_MISSING,
    E.INVALID_DEADLINE,
    E.ACKNOWLEDGE_DEADLINE_NOT_IN_FUTURE,
    E.FEEDBACK_DEADLINE_BEFORE_ACKNOWLEDGE_DEADLINE,
  ],
};
const EXTENSION_DECISION: ErrorCodes = {
  403: [E.ONLY_SENDER_MAY_DECIDE_EXTENSION],
  409: [E.NO_OPEN_EXTENSION_REQUEST, E.EXTENDED_DEADLINE_ALREADY_PASSED],
  422: [E.RECIPIENT_NOT_ON_TRANSFER, E.AMBIGUOUS_EXTENSION_REQUEST],
};
const AS_OF = { name: 'asOf', type: String, format: 'date-time', description: '某一时刻的状态 — The state as of this ISO-8601 time (default: now)', example: '2026-12-01T00:00:00Z' } as const;

export const CluesApi = {
  register: ApiCommand({
    operationId: 'registerClue',
    summary: '登记线索 — Register a clue',
    description: '登记部门即线索的牵头方；身份证号在存储前令牌化，举报人信息加密。— The caller\'s department registers it; ID numbers are tokenised and the reporter encrypted before anything is stored.',
    status: 201,
    body: RegisterClueDto,
    response: ClueCommandOutcomeDto,
    errors: { 409: [E.CLUE_ALREADY_EXISTS], 422: [E.INVALID_AMOUNT, E.SUMMARY_REQUIRED] },
  }),
  transfer: ApiCommand({
    operationId: 'transferClue',
    summary: '移交线索 — Transfer a clue to departments',
    description: '仅登记部门可移交；签收与反馈期限按工作日计。— Only the registrar transfers; deadlines count working days (Asia/Shanghai).',
    status: 201,
    body: TransferClueDto,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_CLUE,
    errors: mergeErrors(CLUE_UNSEEN, { 409: [E.ONLY_REGISTRAR_MAY_TRANSFER] }, RECIPIENT_LIST),
  }),
  acknowledge: ApiCommand({
    operationId: 'acknowledgeTransfer',
    summary: '签收移交 — Acknowledge a transfer (as its recipient)',
    status: 200,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_TRANSFER,
    errors: mergeErrors(TRANSFER_UNSEEN, { 409: [E.TRANSFER_ALREADY_ANSWERED, E.ILLEGAL_TRANSITION] }),
  }),
  reject: ApiCommand({
    operationId: 'rejectTransfer',
    summary: '退回移交 — Reject a transfer, with a reason',
    status: 200,
    body: RejectTransferDto,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_TRANSFER,
    errors: mergeErrors(TRANSFER_UNSEEN, { 409: [E.TRANSFER_ALREADY_ANSWERED, E.ILLEGAL_TRANSITION], 422: [E.REASON_REQUIRED] }),
  }),
  supervise: ApiCommand({
    operationId: 'issueSupervision',
    summary: '督办 — Press the recipients of a transfer (lead unit nhc only)',
    description: '督办显示在收件方收件箱，直至其答复。— Shown in the recipients\' inbox until they answer.',
    status: 201,
    body: IssueSupervisionDto,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_TRANSFER,
    errors: mergeErrors(TRANSFER_UNSEEN, {
      403: [E.ONLY_LEAD_UNIT_MAY_SUPERVISE],
      409: [E.SUPERVISION_NEEDS_OPEN_TRANSFER],
      422: [E.NOTE_REQUIRED, E.DUE_BY_NOT_IN_FUTURE],
    }),
  }),
  requestExtension: ApiCommand({
    operationId: 'requestExtension',
    summary: '申请延期 — Ask the sender for more working days (as a recipient)',
    status: 201,
    body: RequestExtensionDto,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_TRANSFER,
    errors: mergeErrors(TRANSFER_UNSEEN, {
      403: [E.ONLY_RECIPIENT_MAY_REQUEST_EXTENSION],
      409: [E.EXTENSION_NEEDS_OPEN_DEADLINE, E.EXTENSION_ALREADY_REQUESTED],
      422: [E.EXTENSION_DAYS_OUT_OF_RANGE, E.REASON_REQUIRED],
    }),
  }),
  grantExtension: ApiCommand({
    operationId: 'grantExtension',
    summary: '同意延期 — Grant a recipient\'s extension (as the sender)',
    description: '只有一个待决申请时可省略 recipient，请求体可为空。— `recipient` may be omitted when only one request is open; the body may be empty.',
    status: 200,
    body: GrantExtensionDto,
    bodyRequired: false,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_TRANSFER,
    errors: mergeErrors(TRANSFER_UNSEEN, EXTENSION_DECISION),
  }),
  denyExtension: ApiCommand({
    operationId: 'denyExtension',
    summary: '不予延期 — Deny a recipient\'s extension, with a reason (the deadline stays)',
    status: 200,
    body: DenyExtensionDto,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_TRANSFER,
    errors: mergeErrors(TRANSFER_UNSEEN, EXTENSION_DECISION, { 422: [E.REASON_REQUIRED] }),
  }),
  forward: ApiCommand({
    operationId: 'forwardClue',
    summary: '转办线索 — Forward a received clue to further departments',
    status: 201,
    body: ForwardClueDto,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_CLUE,
    errors: mergeErrors(TRANSFER_UNSEEN, { 409: [E.ONLY_RECIPIENTS_MAY_FORWARD, E.MUST_ACKNOWLEDGE_FIRST, E.CLUE_REJECTED_BY_ACTOR] }, RECIPIENT_LIST, {
      422: [E.AMBIGUOUS_TRANSFER],
    }),
  }),
  openInvestigation: ApiCommand({
    operationId: 'openInvestigation',
    summary: '立案调查 — Open this department\'s investigation track',
    status: 200,
    body: OpenInvestigationDto,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_CLUE,
    errors: mergeErrors(CLUE_UNSEEN, {
      409: [E.INVESTIGATION_ALREADY_OPEN, E.MUST_ACKNOWLEDGE_FIRST, E.CLUE_REJECTED_BY_ACTOR],
      422: [E.BASIS_REQUIRED, E.SUBJECT_NOT_IN_CLUE],
    }),
  }),
  recordFinding: ApiCommand({
    operationId: 'recordFinding',
    summary: '记录调查结论 — Record the finding of the investigation',
    status: 200,
    body: RecordFindingDto,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_CLUE,
    errors: mergeErrors(CLUE_UNSEEN, { 409: [E.ILLEGAL_TRANSITION], 422: [E.SUMMARY_REQUIRED, E.SUBJECT_NOT_IN_CLUE] }),
  }),
  decideDisposition: ApiCommand({
    operationId: 'decideDisposition',
    summary: '作出处置 — Decide the disposition measures',
    status: 200,
    body: DecideDispositionDto,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_CLUE,
    errors: mergeErrors(CLUE_UNSEEN, { 409: [E.ILLEGAL_TRANSITION], 422: [E.MEASURES_REQUIRED, E.NO_ACTION_WITH_OTHER_MEASURES] }),
  }),
  sendFeedback: ApiCommand({
    operationId: 'sendFeedback',
    summary: '反馈 — Send feedback to whoever sent the clue (closes the loop)',
    status: 200,
    body: SendFeedbackDto,
    response: ClueCommandOutcomeDto,
    uuidParams: ON_A_CLUE,
    errors: mergeErrors(TRANSFER_UNSEEN, {
      409: [E.FEEDBACK_REQUIRES_FINDING, E.FEEDBACK_REQUIRES_DISPOSITION, E.NOTHING_TO_ANSWER, E.FEEDBACK_ALREADY_SENT],
      422: [E.SUMMARY_REQUIRED, E.AMBIGUOUS_TRANSFER],
    }),
  }),
  get: ApiRead({
    operationId: 'getClue',
    summary: '查看线索 — Read a clue\'s state (now or as of a time)',
    description: '调查人员可读任何线索（不含举报人），读取留痕。— Investigators may read any clue (reporter withheld); the read is logged.',
    response: ClueViewDto,
    uuidParams: ON_A_CLUE,
    queries: [AS_OF],
    errors: mergeErrors(CLUE_UNSEEN, ERRORS_OF_A_LOGGED_READ),
  }),
  routing: ApiRead({
    operationId: 'suggestRecipients',
    summary: '分送建议 — What the routing policy proposes and requires for this clue',
    response: RoutingDto,
    uuidParams: ON_A_CLUE,
    errors: CLUE_UNSEEN,
  }),
  history: ApiRead({
    operationId: 'getClueHistory',
    summary: '线索全过程 — A clue\'s events, in order (now or as of a time)',
    response: ClueHistoryDto,
    uuidParams: ON_A_CLUE,
    queries: [AS_OF],
    errors: mergeErrors(CLUE_UNSEEN, ERRORS_OF_A_LOGGED_READ),
  }),
};
