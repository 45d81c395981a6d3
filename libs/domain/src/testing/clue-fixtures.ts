import type {
  AttachmentRef,
  ClueEvent,
  ClueRegistered,
  DispositionMeasure,
  FindingResult,
  SubjectRecord,
} from '@cluebus/contracts';
import type { ClueCommand } from '../clue/clue-commands';

/** Department instances of 宿州市 (341300) and one outsider in Beijing. */
export const NHC = 'nhc:341300';
export const NHSA = 'nhsa:341300';
export const SAMR = 'samr:341300';
export const CCDI = 'ccdi:341300';
export const MPS = 'mps:341300';
export const STA = 'sta:341300';
export const OUTSIDER = 'sta:110105';

export const CLUE_ID = '01937a8e-5c2b-7b1e-9a3f-6f0e2d4c8b10';
/** Deadlines after TEST_NOW. */
export const ACK_BY = '2026-11-13T18:00:00+08:00';
export const FEEDBACK_BY = '2026-12-10T18:00:00+08:00';
export const BASIS = '《宿州市2020年纠正医药购销领域和医疗服务中不正之风工作实施方案》三(一) 一案多查';

export const PHARMA: SubjectRecord = { kind: 'enterprise', name: '某医药有限公司', role: 'briber', uscc: '91341302MA2N0000XX' };
/** A person's name is sealed in the vault (docs/adr/0010): the event holds the token and the commitment only. */
const sealed = (token: string, digit: string, ...fields: ('name' | 'idNumber' | 'contact')[]) => ({
  token: `${token}:${digit.repeat(64)}`,
  commitments: Object.fromEntries(fields.map((f, i) => [f, `${i}`.repeat(64)])),
});
export const DOCTOR: SubjectRecord = { kind: 'person', role: 'bribe-taker', idToken: 'tok-doctor', personalData: sealed('idt1', 'd', 'name', 'idNumber'), position: '某医院药剂科' };
export const OFFICIAL: SubjectRecord = { kind: 'official', role: 'bribe-taker', personalData: sealed('pdt1', '0', 'name'), position: '某局', isOfficial: true };
export const REPORTER = { anonymous: false, personalData: sealed('rpt1', 'e', 'name', 'contact') };

type Registration = Omit<ClueRegistered, 'clueId' | 'registeredBy'>;
const registration = (over: Partial<Registration> = {}): Registration => ({
  source: 'report',
  category: 'kickback',
  alsoConcerns: [],
  summary: '某医药公司向医生给予回扣',
  subjects: [PHARMA, DOCTOR],
  attachments: [{ sha256: 'a'.repeat(64), name: 'report.pdf', mediaType: 'application/pdf' }],
  reporter: REPORTER,
  amountYuan: 20000,
  ...over,
});

/** Events, as facts. */
export const ev = {
  registered: (by = NHC, over: Partial<Registration> = {}): ClueEvent => ({
    type: 'ClueRegistered',
    data: { clueId: CLUE_ID, registeredBy: by, ...registration(over) },
  }),
  transferred: (transferId: string, from: string, to: string[], over: { note?: string; policyVersion?: string } = {}): ClueEvent => ({
    type: 'ClueTransferred',
    data: { clueId: CLUE_ID, transferId, from, to, basis: BASIS, acknowledgeBy: ACK_BY, feedbackBy: FEEDBACK_BY, ...over },
  }),
  acknowledged: (transferId: string, by: string): ClueEvent => ({ type: 'TransferAcknowledged', data: { clueId: CLUE_ID, transferId, by } }),
  rejected: (transferId: string, by: string, reason = '不属本部门职责'): ClueEvent => ({
    type: 'TransferRejected',
    data: { clueId: CLUE_ID, transferId, by, reason },
  }),
  forwarded: (transferId: string, viaTransferId: string, from: string, to: string[]): ClueEvent => ({
    type: 'ClueForwarded',
    data: { clueId: CLUE_ID, transferId, viaTransferId, from, to, basis: BASIS, acknowledgeBy: ACK_BY, feedbackBy: FEEDBACK_BY },
  }),
  opened: (by: string): ClueEvent => ({ type: 'InvestigationOpened', data: { clueId: CLUE_ID, by, basis: BASIS } }),
  found: (by: string, result: FindingResult = 'substantiated', summary = '经查属实', evidence: AttachmentRef[] = []): ClueEvent => ({
    type: 'FindingRecorded',
    data: { clueId: CLUE_ID, by, result, summary, evidence },
  }),
  disposed: (by: string, measures: DispositionMeasure[] = [{ kind: 'administrative-penalty', detail: '罚款20万元' }]): ClueEvent => ({
    type: 'DispositionDecided',
    data: { clueId: CLUE_ID, by, measures },
  }),
  fedBack: (by: string, to: string, transferId: string, summary = '已查处'): ClueEvent => ({
    type: 'FeedbackSent',
    data: { clueId: CLUE_ID, by, to, transferId, summary },
  }),
  overdue: (transferId: string, recipient: string, deadline: 'acknowledge' | 'feedback' = 'acknowledge'): ClueEvent => ({
    type: 'TransferOverdue',
    data: { clueId: CLUE_ID, transferId, recipient, deadline, dueAt: deadline === 'acknowledge' ? ACK_BY : FEEDBACK_BY },
  }),
  /** 延期 asked by `by` of the transfer's sender `to`, on the deadline due at `currentDueAt`. */
  extensionRequested: (transferId: string, by: string, to: string, over: Partial<{ deadline: 'acknowledge' | 'feedback'; days: number; reason: string; currentDueAt: string }> = {}): ClueEvent => ({
    type: 'TransferExtensionRequested',
    data: { clueId: CLUE_ID, transferId, by, to, deadline: 'acknowledge', days: 3, reason: '需调取外地证据', currentDueAt: ACK_BY, ...over },
  }),
  extensionGranted: (transferId: string, by: string, recipient: string, previousDueAt: string, dueAt: string, over: Partial<{ deadline: 'acknowledge' | 'feedback'; days: number }> = {}): ClueEvent => ({
    type: 'TransferExtensionGranted',
    data: { clueId: CLUE_ID, transferId, by, recipient, deadline: 'acknowledge', days: 3, previousDueAt, dueAt, ...over },
  }),
  extensionDenied: (transferId: string, by: string, recipient: string, over: Partial<{ deadline: 'acknowledge' | 'feedback'; reason: string }> = {}): ClueEvent => ({
    type: 'TransferExtensionDenied',
    data: { clueId: CLUE_ID, transferId, by, recipient, deadline: 'acknowledge', reason: '线索紧急，不予延期', ...over },
  }),
};

/** Commands. */
export const cmd = {
  register: (over: Partial<Registration> = {}): ClueCommand => ({ type: 'RegisterClue', data: { clueId: CLUE_ID, ...registration(over) } }),
  transfer: (
    transferId: string,
    to: string[],
    over: Partial<{ basis: string; note: string; acknowledgeBy: string; feedbackBy: string }> = {},
  ): ClueCommand => ({
    type: 'TransferClue',
    data: { transferId, to, basis: BASIS, acknowledgeBy: ACK_BY, feedbackBy: FEEDBACK_BY, ...over },
  }),
  acknowledge: (transferId: string): ClueCommand => ({ type: 'AcknowledgeTransfer', data: { transferId } }),
  reject: (transferId: string, reason = '不属本部门职责'): ClueCommand => ({ type: 'RejectTransfer', data: { transferId, reason } }),
  forward: (
    transferId: string,
    to: string[],
    over: Partial<{ viaTransferId: string; basis: string; note: string; acknowledgeBy: string; feedbackBy: string }> = {},
  ): ClueCommand => ({
    type: 'ForwardClue',
    data: { transferId, to, basis: BASIS, acknowledgeBy: ACK_BY, feedbackBy: FEEDBACK_BY, ...over },
  }),
  open: (basis = BASIS, note?: string): ClueCommand => ({ type: 'OpenInvestigation', data: { basis, ...(note !== undefined ? { note } : {}) } }),
  find: (result: FindingResult = 'substantiated', summary = '经查属实', evidence?: AttachmentRef[]): ClueCommand => ({
    type: 'RecordFinding',
    data: { result, summary, ...(evidence !== undefined ? { evidence } : {}) },
  }),
  dispose: (measures: DispositionMeasure[] = [{ kind: 'administrative-penalty', detail: '罚款20万元' }]): ClueCommand => ({
    type: 'DecideDisposition',
    data: { measures },
  }),
  feedback: (transferId?: string, summary = '已查处'): ClueCommand => ({
    type: 'SendFeedback',
    data: { summary, ...(transferId !== undefined ? { transferId } : {}) },
  }),
  requestExtension: (transferId: string, days = 3, reason = '需调取外地证据'): ClueCommand => ({ type: 'RequestExtension', data: { transferId, days, reason } }),
  grantExtension: (transferId: string, recipient?: string): ClueCommand => ({
    type: 'GrantExtension',
    data: { transferId, ...(recipient !== undefined ? { recipient } : {}) },
  }),
  denyExtension: (transferId: string, recipient?: string, reason = '线索紧急，不予延期'): ClueCommand => ({
    type: 'DenyExtension',
    data: { transferId, reason, ...(recipient !== undefined ? { recipient } : {}) },
  }),
};
