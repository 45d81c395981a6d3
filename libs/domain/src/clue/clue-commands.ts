import type { AttachmentRef, ClueRegistered, DispositionMeasure, FindingResult, SubjectRef } from '@cluebus/contracts';
import type { DeadlineCalendar, DeadlinePeriods } from '../deadlines/deadline-calendar';
import type { RoutingPolicy } from '../routing/routing-policy';

/**
 * Commands the Clue aggregate decides on. They arrive already validated for shape
 * (class-validator DTOs) and with personal ID numbers already tokenised; the aggregate checks
 * the business rules (who may do what, in which state).
 */
export type ClueCommand =
  | {
      type: 'RegisterClue';
      /** The registered facts; the registrar is the actor of the DecisionContext. */
      data: Omit<ClueRegistered, 'registeredBy'>;
    }
  | {
      type: 'TransferClue';
      /** The transfer's terms as the caller gave them; the sender is the actor. */
      data: TransferTerms;
    }
  | { type: 'AcknowledgeTransfer'; data: { transferId: string } }
  | { type: 'RejectTransfer'; data: { transferId: string; reason: string } }
  | {
      type: 'ForwardClue';
      data: TransferTerms & {
        /** The transfer through which the forwarding department received the clue; inferred when omitted and unambiguous. */
        viaTransferId?: string;
      };
    }
  /** `subjects`: whom it investigates (references of the clue's subjects); omitted: all of them. */
  | { type: 'OpenInvestigation'; data: { basis: string; note?: string; subjects?: SubjectRef[] } }
  /** `subjects`: whom the finding is against; omitted: every subject of the clue. */
  | { type: 'RecordFinding'; data: { result: FindingResult; summary: string; evidence?: AttachmentRef[]; subjects?: SubjectRef[] } }
  | { type: 'DecideDisposition'; data: { measures: DispositionMeasure[] } }
  | { type: 'SendFeedback'; data: { transferId?: string; summary: string } }
  /** Issued by the overdue scheduler on behalf of the late recipient: a deadline passed unanswered. */
  | { type: 'RecordOverdue'; data: { transferId: string; recipient: string; deadline: 'acknowledge' | 'feedback' } }
  /** 督办 by the lead unit (nhc). */
  | { type: 'IssueSupervision'; data: { transferId: string; note: string; dueBy: string } }
  /** 延期: a recipient asks the transfer's sender for `days` more working days on the deadline it still owes. */
  | { type: 'RequestExtension'; data: { transferId: string; days: number; reason: string } }
  /**
   * The sender decides a recipient's open request. `recipient`: `code:region`, or a bare code
   * meaning that department in the sender's region; omitted: the transfer's only open request.
   */
  | { type: 'GrantExtension'; data: { transferId: string; recipient?: string } }
  | { type: 'DenyExtension'; data: { transferId: string; recipient?: string; reason: string } };

export type ClueCommandType = ClueCommand['type'];

/**
 * The terms of a transfer (移交) or forward (转办) as the sender said them. The decider resolves
 * them (resolveTransferTerms) before checking any rule, so what is recorded never depends on
 * who filled in the defaults: bare department codes and missing deadlines mean the same thing
 * on every path (HTTP, SDK, tests, a future scheduler).
 */
export interface TransferTerms {
  /** Id of the new transfer: chosen by the caller so a retried request creates the same one (docs/adr/0003). */
  transferId: string;
  /** Recipients: `code:region`, or a bare code (`samr`) meaning that department in the sender's region. */
  to: string[];
  basis: string;
  note?: string;
  /** 签收 deadline, ISO-8601 with a zone; when omitted, the context's acknowledge period from now. */
  acknowledgeBy?: string;
  /** 反馈 deadline, ISO-8601 with a zone; when omitted, the context's feedback period from now. */
  feedbackBy?: string;
}

/**
 * Everything a Clue decision depends on besides the state and the command: who acts and when,
 * and the policies in force. Plain data handed in by the application, so decide stays pure.
 */
export interface DecisionContext {
  /** The acting department instance `code:region`. */
  actor: string;
  now: Date;
  /** Default 签收 / 反馈 periods for a transfer or forward that names no deadline. */
  deadlines: DeadlinePeriods;
  /** How those periods are counted; calendar days when omitted. */
  calendar?: DeadlineCalendar;
  /**
   * The routing policy a TransferClue must satisfy (required co-recipients) and records by
   * version. None: not checked (history recorded before a policy applied; tests of other rules).
   */
  routingPolicy?: RoutingPolicy;
}
