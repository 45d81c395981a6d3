import type { ClueEvent } from '@cluebus/contracts';
import { CALENDAR_DAYS } from '../deadlines/deadline-calendar';
import type { ClueCommand, DecisionContext } from './clue-commands';
import { openDeadline, openExtensionRequests, recipientDeadline, type ClueState, type DeadlineKind, type TransferState } from './clue-state';
import {
  checkRules,
  ExtendedDeadlineMustLieAhead,
  ExtensionDaysWithinPolicy,
  ExtensionDecidedOnlyBySender,
  ExtensionMayBeRequestedOnlyByARecipient,
  ExtensionNeedsAnOpenDeadline,
  ExtensionNeedsAnOpenRequest,
  ExtensionReasonIsRequired,
  ExtensionRecipientMustBeOnTransfer,
  ExtensionRequestMustBeUnambiguous,
  OneExtensionRequestAtATime,
} from './rules';
import { resolveRecipients } from './transfer-terms';

type ExtensionCommand = Extract<ClueCommand, { type: 'RequestExtension' | 'GrantExtension' | 'DenyExtension' }>;

/**
 * 延期: a recipient asks the transfer's sender for more working days on the deadline it still
 * owes (签收 while pending, 反馈 once acknowledged); the sender grants (the recipient's deadline
 * moves by that many working days of the context's calendar, counted from the current deadline,
 * not from now: asking early gains nothing, asking late loses nothing) or denies. Called by
 * decideClue after the actor and visibility rules; pure like it.
 */
export function decideExtension(command: ExtensionCommand, state: ClueState, ctx: DecisionContext): ClueEvent[] {
  const { actor } = ctx;
  const clueId = state.clueId;
  switch (command.type) {
    case 'RequestExtension': {
      const { transferId, days, reason } = command.data;
      checkRules(new ExtensionMayBeRequestedOnlyByARecipient(state, transferId, actor));
      const transfer = state.transfers[transferId] as TransferState;
      const answer = transfer.recipients[actor];
      checkRules(new ExtensionNeedsAnOpenDeadline(answer), new OneExtensionRequestAtATime(answer), new ExtensionDaysWithinPolicy(days), new ExtensionReasonIsRequired(reason));
      const deadline = openDeadline(answer) as DeadlineKind;
      return [
        {
          type: 'TransferExtensionRequested',
          data: { clueId, transferId, by: actor, to: transfer.from, deadline, days, reason, currentDueAt: recipientDeadline(transfer, deadline, actor) },
        },
      ];
    }

    case 'GrantExtension':
    case 'DenyExtension': {
      const { transferId } = command.data;
      checkRules(new ExtensionDecidedOnlyBySender(state, transferId, actor));
      const transfer = state.transfers[transferId] as TransferState;
      const recipient = requestingRecipient(transfer, command.data.recipient, actor);
      const answer = transfer.recipients[recipient];
      checkRules(new ExtensionNeedsAnOpenRequest(recipient, answer));
      const request = answer!.extension!;

      if (command.type === 'DenyExtension') {
        const { reason } = command.data;
        checkRules(new ExtensionReasonIsRequired(reason));
        return [{ type: 'TransferExtensionDenied', data: { clueId, transferId, by: actor, recipient, deadline: request.deadline, reason } }];
      }

      const previousDueAt = recipientDeadline(transfer, request.deadline, recipient);
      const dueAt = (ctx.calendar ?? CALENDAR_DAYS).addDays(new Date(previousDueAt), request.days).toISOString();
      checkRules(new ExtendedDeadlineMustLieAhead(dueAt, ctx.now));
      return [
        {
          type: 'TransferExtensionGranted',
          data: { clueId, transferId, by: actor, recipient, deadline: request.deadline, days: request.days, previousDueAt, dueAt },
        },
      ];
    }
  }
}

/** The recipient whose request the sender decides: the one named (a bare code is the sender's region), or the only open one. */
function requestingRecipient(transfer: TransferState, named: string | undefined, sender: string): string {
  if (named !== undefined) {
    const [recipient] = resolveRecipients([named], sender) as [string];
    checkRules(new ExtensionRecipientMustBeOnTransfer(transfer, recipient));
    return recipient;
  }
  const open = openExtensionRequests(transfer);
  checkRules(new ExtensionRequestMustBeUnambiguous(transfer.transferId, open));
  return open[0] as string;
}
