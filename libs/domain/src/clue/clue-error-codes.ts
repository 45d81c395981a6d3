/**
 * Stable, machine-readable refusal codes of the Clue aggregate (the HTTP layer maps them to 4xx;
 * SDK users switch on them). Never rename a value: add new ones instead.
 */
export const ClueErrorCodes = {
  /** The actor in the DecisionContext is not a department instance `code:region`. kind 'forbidden'. */
  INVALID_ACTOR: 'INVALID_ACTOR',
  /** The command type is not one the Clue aggregate knows. */
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',

  // Registration
  CLUE_ALREADY_EXISTS: 'CLUE_ALREADY_EXISTS',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  PERSONAL_DATA_NOT_SEALED: 'PERSONAL_DATA_NOT_SEALED',

  // Visibility: the clue does not exist, or the actor may not know it does. kind 'not-found'.
  CLUE_NOT_FOUND: 'CLUE_NOT_FOUND',

  // Transfer and forward (转办)
  ONLY_REGISTRAR_MAY_TRANSFER: 'ONLY_REGISTRAR_MAY_TRANSFER',
  ONLY_RECIPIENTS_MAY_FORWARD: 'ONLY_RECIPIENTS_MAY_FORWARD',
  TRANSFER_ID_IN_USE: 'TRANSFER_ID_IN_USE',
  BASIS_REQUIRED: 'BASIS_REQUIRED',
  RECIPIENTS_REQUIRED: 'RECIPIENTS_REQUIRED',
  RECIPIENT_LISTED_TWICE: 'RECIPIENT_LISTED_TWICE',
  INVALID_RECIPIENT: 'INVALID_RECIPIENT',
  RECIPIENT_IS_SENDER: 'RECIPIENT_IS_SENDER',
  RECIPIENT_IS_REGISTRAR: 'RECIPIENT_IS_REGISTRAR',
  DUPLICATE_RECIPIENT: 'DUPLICATE_RECIPIENT',
  REQUIRED_RECIPIENT_MISSING: 'REQUIRED_RECIPIENT_MISSING',
  INVALID_DEADLINE: 'INVALID_DEADLINE',
  ACKNOWLEDGE_DEADLINE_NOT_IN_FUTURE: 'ACKNOWLEDGE_DEADLINE_NOT_IN_FUTURE',
  FEEDBACK_DEADLINE_BEFORE_ACKNOWLEDGE_DEADLINE: 'FEEDBACK_DEADLINE_BEFORE_ACKNOWLEDGE_DEADLINE',

  // Answering a transfer (签收 / 退回)
  TRANSFER_NOT_FOUND: 'TRANSFER_NOT_FOUND',
  TRANSFER_ALREADY_ANSWERED: 'TRANSFER_ALREADY_ANSWERED',
  REASON_REQUIRED: 'REASON_REQUIRED',
  MUST_ACKNOWLEDGE_FIRST: 'MUST_ACKNOWLEDGE_FIRST',
  CLUE_REJECTED_BY_ACTOR: 'CLUE_REJECTED_BY_ACTOR',
  AMBIGUOUS_TRANSFER: 'AMBIGUOUS_TRANSFER',

  // Investigation track
  INVESTIGATION_ALREADY_OPEN: 'INVESTIGATION_ALREADY_OPEN',
  SUMMARY_REQUIRED: 'SUMMARY_REQUIRED',
  MEASURES_REQUIRED: 'MEASURES_REQUIRED',
  NO_ACTION_WITH_OTHER_MEASURES: 'NO_ACTION_WITH_OTHER_MEASURES',

  // Feedback (反馈)
  FEEDBACK_REQUIRES_FINDING: 'FEEDBACK_REQUIRES_FINDING',
  FEEDBACK_REQUIRES_DISPOSITION: 'FEEDBACK_REQUIRES_DISPOSITION',
  NOTHING_TO_ANSWER: 'NOTHING_TO_ANSWER',
  FEEDBACK_ALREADY_SENT: 'FEEDBACK_ALREADY_SENT',

  // Overdue (逾期), recorded by the scheduler
  DEADLINE_NOT_PASSED: 'DEADLINE_NOT_PASSED',
  OVERDUE_ALREADY_RECORDED: 'OVERDUE_ALREADY_RECORDED',
  DEADLINE_ALREADY_MET: 'DEADLINE_ALREADY_MET',

  // Supervision (督办) by the lead unit
  ONLY_LEAD_UNIT_MAY_SUPERVISE: 'ONLY_LEAD_UNIT_MAY_SUPERVISE',
  SUPERVISION_NEEDS_OPEN_TRANSFER: 'SUPERVISION_NEEDS_OPEN_TRANSFER',
  NOTE_REQUIRED: 'NOTE_REQUIRED',
  DUE_BY_NOT_IN_FUTURE: 'DUE_BY_NOT_IN_FUTURE',

  // Subjects an investigation or finding concerns (行贿受贿一起查)
  /** A named subject reference is not a subject of the clue (field: `subjects[i]`; 422). */
  SUBJECT_NOT_IN_CLUE: 'SUBJECT_NOT_IN_CLUE',

  // Extensions (延期): asked by a recipient, decided by the transfer's sender
  /** The sender (who decides) asked for its own transfer. kind 'forbidden'. */
  ONLY_RECIPIENT_MAY_REQUEST_EXTENSION: 'ONLY_RECIPIENT_MAY_REQUEST_EXTENSION',
  /** The recipient owes no answer any more (rejected, or feedback sent): nothing to extend (409). */
  EXTENSION_NEEDS_OPEN_DEADLINE: 'EXTENSION_NEEDS_OPEN_DEADLINE',
  /** The recipient's earlier request is still undecided (409). */
  EXTENSION_ALREADY_REQUESTED: 'EXTENSION_ALREADY_REQUESTED',
  /** `days` is not a whole number from 1 to the cap (field `days`; 422). */
  EXTENSION_DAYS_OUT_OF_RANGE: 'EXTENSION_DAYS_OUT_OF_RANGE',
  /** Only the transfer's sender grants or denies. kind 'forbidden'. */
  ONLY_SENDER_MAY_DECIDE_EXTENSION: 'ONLY_SENDER_MAY_DECIDE_EXTENSION',
  /** The named recipient is not one of the transfer's (field `recipient`; 422). */
  RECIPIENT_NOT_ON_TRANSFER: 'RECIPIENT_NOT_ON_TRANSFER',
  /** No undecided extension request (of that recipient) on the transfer (409). */
  NO_OPEN_EXTENSION_REQUEST: 'NO_OPEN_EXTENSION_REQUEST',
  /** `recipient` omitted while several recipients have an open request (field `recipient`; 422). */
  AMBIGUOUS_EXTENSION_REQUEST: 'AMBIGUOUS_EXTENSION_REQUEST',
  /** Granted, the deadline would still lie in the past: deny and let the recipient ask for more (409). */
  EXTENDED_DEADLINE_ALREADY_PASSED: 'EXTENDED_DEADLINE_ALREADY_PASSED',

  /** Generic: the command is not allowed in the current state and no more specific code fits. */
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
} as const;

export type ClueErrorCode = (typeof ClueErrorCodes)[keyof typeof ClueErrorCodes];
