import type { AttachmentRef, ClueRegistered, ClueTransferred, DispositionMeasure, FindingResult } from '@cluebus/contracts';

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
      /** The transfer's terms; the sender is the actor. */
      data: Omit<ClueTransferred, 'clueId' | 'from'>;
    }
  | { type: 'AcknowledgeTransfer'; data: { transferId: string } }
  | { type: 'RejectTransfer'; data: { transferId: string; reason: string } }
  | {
      type: 'ForwardClue';
      data: {
        transferId: string;
        /** The transfer through which the forwarding department received the clue; inferred when omitted and unambiguous. */
        viaTransferId?: string;
        to: string[];
        basis: string;
        note?: string;
        acknowledgeBy: string;
        feedbackBy: string;
      };
    }
  | { type: 'OpenInvestigation'; data: { basis: string; note?: string } }
  | { type: 'RecordFinding'; data: { result: FindingResult; summary: string; evidence?: AttachmentRef[] } }
  | { type: 'DecideDisposition'; data: { measures: DispositionMeasure[] } }
  | { type: 'SendFeedback'; data: { transferId?: string; summary: string } };

export type ClueCommandType = ClueCommand['type'];

/** Who acts and when: the department instance (`code:region`) and the decision time. */
export interface DecisionContext {
  actor: string;
  now: Date;
}
