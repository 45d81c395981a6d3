import type { DomainEventsOf } from '../envelope';
import type { SubjectRef } from './case-events';

/**
 * The clue lifecycle (线索移交) as immutable facts, past tense. Each event's `data` is plain
 * typed JSON; its envelope (department, actor, time, causation) is in EventMetadata.
 * `schemaVersion` of each type is in CLUE_EVENT_VERSIONS; older versions are upcast on read.
 */

/** Where the clue came from: 举报 report, 投诉 complaint, 巡查 inspection tour, 飞行检查 unannounced
 * inspection, 双随机 random inspection, 数据比对 data matching, 审计 audit, 移送 handed over, 其他 other. */
export const CLUE_SOURCES = ['report', 'complaint', 'inspection-tour', 'flight-inspection', 'random-inspection', 'data-matching', 'audit', 'handover', 'other'] as const;
export type ClueSource = (typeof CLUE_SOURCES)[number];

/** What the clue is about; the routing policy keys on these. */
export const CLUE_CATEGORIES = [
  'bribery', //                 行贿受贿 / 商业贿赂
  'kickback', //                回扣 by drug/device sellers
  'fund-fraud', //              欺诈骗保
  'false-invoice', //           虚开发票
  'tax-evasion', //             偷逃税款
  'organised-crime', //         涉黑涉恶
  'official-misconduct', //     公职人员违规违纪违法
  'price-monopoly', //          价格垄断
  'procurement-rigging', //     集采/招采 rigging
  'medical-ethics', //          九项准则 violations by medical staff
  'other',
] as const;
export type ClueCategory = (typeof CLUE_CATEGORIES)[number];

export const SUBJECT_KINDS = ['enterprise', 'institution', 'person', 'official'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** Role of a subject in the clue; briber/bribe-taker pairs are investigated together (行贿受贿一起查). */
export const SUBJECT_ROLES = ['briber', 'bribe-taker', 'suspect', 'related'] as const;
export type SubjectRole = (typeof SUBJECT_ROLES)[number];

/** Kinds that are natural persons: their name and ID number are personal data (PIPL), kept in the vault. */
export const PERSONAL_SUBJECT_KINDS: readonly SubjectKind[] = ['person', 'official'];
export const isPersonalSubjectKind = (kind: SubjectKind): boolean => PERSONAL_SUBJECT_KINDS.includes(kind);

/**
 * Personal data as the log holds it (docs/adr/0010): the vault's token and, per field, a salted
 * commitment — hex SHA-256 of (salt ‖ value), the salt kept encrypted in the vault beside the
 * value. The chain and every proof cover the commitment; erasure destroys the key and the salt,
 * so the value can no longer be read nor confirmed, and the chain still verifies.
 */
export interface SealedPersonalData {
  /** The vault's key: a person's ID-number token (idt1:…) when one was given, else a token of this record (pdt1:…, rpt1:… for a reporter). */
  token: string;
  commitments: { name?: string; idNumber?: string; contact?: string };
}

/** A subject as stored in events. v2: a person's name only sealed (`personalData`); enterprises and institutions in clear. */
export interface SubjectRecord {
  kind: SubjectKind;
  /** Clear name of an enterprise or institution (not personal data); absent for persons and officials. */
  name?: string;
  role?: SubjectRole;
  /** 统一社会信用代码 of an enterprise or institution. */
  uscc?: string;
  /** Keyed hash (HMAC-SHA256) of a 居民身份证号; the clear number is never in an event. */
  idToken?: string;
  /** A person's name (and ID number) in the vault: token and commitments. */
  personalData?: SealedPersonalData;
  /** Position/employer of an official or staff member, free text. */
  position?: string;
  /** Party member or public official: routes to ccdi. */
  isOfficial?: boolean;
}

export interface AttachmentRef {
  sha256: string;
  name: string;
  mediaType?: string;
}

/** Whistleblower (举报人) identity: visible only to the registering department; v2 keeps name and contact sealed in the vault. */
export interface ReporterRecord {
  anonymous: boolean;
  personalData?: SealedPersonalData;
}

/** v2 (docs/adr/0010): persons' names and the reporter's identity sealed; v1 events held them in clear and are read with them withheld. */
export interface ClueRegistered {
  clueId: string;
  registeredBy: string;
  source: ClueSource;
  category: ClueCategory;
  /** Further categories the clue also touches (one clue usually concerns several departments). */
  alsoConcerns: ClueCategory[];
  summary: string;
  subjects: SubjectRecord[];
  attachments: AttachmentRef[];
  reporter?: ReporterRecord;
  /** Amount involved in yuan, when known (drives thresholds: criminal, credit rating). */
  amountYuan?: number;
}

/** What a transfer and a forward both say: who sends to whom, on what basis, by when. */
export interface TransferTerms {
  clueId: string;
  transferId: string;
  from: string;
  to: string[];
  basis: string;
  note?: string;
  /** 签收 deadline. */
  acknowledgeBy: string;
  /** 反馈 deadline. */
  feedbackBy: string;
}

export interface ClueTransferred extends TransferTerms {
  /** Routing-policy version whose suggestion this transfer followed, when it did. */
  policyVersion?: string;
}

export interface TransferAcknowledged {
  clueId: string;
  transferId: string;
  by: string;
}

export interface TransferRejected {
  clueId: string;
  transferId: string;
  by: string;
  reason: string;
}

/** 转办: a recipient passes the clue on; `viaTransferId` keeps the chain of custody. */
export interface ClueForwarded extends TransferTerms {
  viaTransferId: string;
}

export interface InvestigationOpened {
  clueId: string;
  by: string;
  basis: string;
  note?: string;
  /** Whom it investigates, by reference (行贿受贿一起查 needs to know a side is pursued); absent: every subject of the clue. */
  subjects?: SubjectRef[];
}

/** 属实 / 部分属实 / 不属实 / 无法查实 */
export const FINDING_RESULTS = ['substantiated', 'partly-substantiated', 'unsubstantiated', 'unverifiable'] as const;
export type FindingResult = (typeof FINDING_RESULTS)[number];

/** v2 (schema evolution): `evidence` added; v1 events are read as `evidence: []` (see clue-event-upcasts.ts). */
export interface FindingRecorded {
  clueId: string;
  by: string;
  result: FindingResult;
  summary: string;
  /** Evidence the finding rests on, by content hash (like a clue's attachments). */
  evidence: AttachmentRef[];
  /** Whom the finding is against, by reference; absent: every subject of the clue. An optional field: no new version. */
  subjects?: SubjectRef[];
}

/** 处分 discipline, 行政处罚 administrative penalty, 立案 case opened, 移送司法 to judiciary,
 * 信用评级 credit rating, 医保支付资格 billing-eligibility measure, 无需处理 no action. */
export const DISPOSITION_KINDS = ['discipline', 'administrative-penalty', 'case-opened', 'judicial-referral', 'credit-rating', 'billing-eligibility', 'no-action'] as const;
export type DispositionKind = (typeof DISPOSITION_KINDS)[number];

export interface DispositionMeasure {
  kind: DispositionKind;
  detail: string;
  basis?: string;
}

export interface DispositionDecided {
  clueId: string;
  by: string;
  measures: DispositionMeasure[];
}

/** 反馈: the loop closes only with feedback to whoever sent the clue. */
export interface FeedbackSent {
  clueId: string;
  by: string;
  to: string;
  transferId: string;
  summary: string;
}

export interface TransferOverdue {
  clueId: string;
  transferId: string;
  recipient: string;
  deadline: 'acknowledge' | 'feedback';
  dueAt: string;
}

/**
 * 督办: the lead unit (nhc) presses the recipients of a transfer that have not answered yet.
 * `level` counts the supervisions of this transfer (1, 2, …); `recipients` are the recipients
 * still open when it was issued (pending, or acknowledged without feedback): its audience.
 */
export interface SupervisionIssued {
  clueId: string;
  transferId: string;
  level: number;
  note: string;
  /** By when the lead unit expects the answer, ISO-8601 with a zone. */
  dueBy: string;
  /** The lead unit's instance. */
  by: string;
  recipients: string[];
}

/**
 * 延期: a recipient asks the sender for more time on its open deadline (签收 while pending,
 * 反馈 once acknowledged). `to` is the sender who decides, as a feedback's `to` is: the request
 * travels to the sender's topic (docs/adr/0004).
 */
export interface TransferExtensionRequested {
  clueId: string;
  transferId: string;
  /** The recipient instance asking. */
  by: string;
  /** The transfer's sender, who grants or denies. */
  to: string;
  deadline: 'acknowledge' | 'feedback';
  /** Working days asked for. */
  days: number;
  reason: string;
  /** The deadline as it stood when asked, ISO-8601. */
  currentDueAt: string;
}

/** The sender granted a requested extension: the recipient's deadline moves to `dueAt`. */
export interface TransferExtensionGranted {
  clueId: string;
  transferId: string;
  /** The sender instance granting. */
  by: string;
  /** The recipient whose deadline moves (its topic receives this). */
  recipient: string;
  deadline: 'acknowledge' | 'feedback';
  days: number;
  previousDueAt: string;
  dueAt: string;
}

/** The sender denied a requested extension: the deadline stays. */
export interface TransferExtensionDenied {
  clueId: string;
  transferId: string;
  by: string;
  recipient: string;
  deadline: 'acknowledge' | 'feedback';
  reason: string;
}

export interface ClueEventDataByType {
  ClueRegistered: ClueRegistered;
  ClueTransferred: ClueTransferred;
  TransferAcknowledged: TransferAcknowledged;
  TransferRejected: TransferRejected;
  ClueForwarded: ClueForwarded;
  InvestigationOpened: InvestigationOpened;
  FindingRecorded: FindingRecorded;
  DispositionDecided: DispositionDecided;
  FeedbackSent: FeedbackSent;
  TransferOverdue: TransferOverdue;
  SupervisionIssued: SupervisionIssued;
  TransferExtensionRequested: TransferExtensionRequested;
  TransferExtensionGranted: TransferExtensionGranted;
  TransferExtensionDenied: TransferExtensionDenied;
}

export type ClueEventType = keyof ClueEventDataByType;

/** A clue event as the domain sees it: type + data (the envelope is added by the application). */
export type ClueEvent = DomainEventsOf<ClueEventDataByType>;

export const CLUE_EVENT_VERSIONS: Record<ClueEventType, number> = {
  ClueRegistered: 2,
  ClueTransferred: 1,
  TransferAcknowledged: 1,
  TransferRejected: 1,
  ClueForwarded: 1,
  InvestigationOpened: 1,
  FindingRecorded: 2,
  DispositionDecided: 1,
  FeedbackSent: 1,
  TransferOverdue: 1,
  SupervisionIssued: 1,
  TransferExtensionRequested: 1,
  TransferExtensionGranted: 1,
  TransferExtensionDenied: 1,
};

export const clueStreamId = (clueId: string): string => `clue-${clueId}`;
