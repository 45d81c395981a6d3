import type {
  ClueForwarded,
  ClueTransferred,
  OneSidedBriberyFlagged,
  RecordedEvent,
  SanctionImposed,
  SupervisionIssued,
  TransferExtensionDenied,
  TransferExtensionGranted,
  TransferOverdue,
} from '@cluebus/contracts';
import type { InboxStreamItemDto, InboxStreamKind } from '@cluebus/contracts/dto/responses/inbox-stream.dto';

type Fields = Omit<InboxStreamItemDto, 'position' | 'kind' | 'eventId' | 'type' | 'occurredAt'>;

/**
 * The stream item an event is for `instance`, or undefined when it is not addressed to it. Pure:
 * the same event gives the same item on every read, which is what makes a resumed stream equal
 * to an unbroken one. Only references and terms are copied, never subjects or reporters.
 */
export function inboxStreamItemOf(event: RecordedEvent, instance: string): InboxStreamItemDto | undefined {
  const found = addressed(event, instance);
  if (!found) return undefined;
  const [kind, fields] = found;
  return { position: event.globalPosition, kind, eventId: event.eventId, type: event.type, occurredAt: event.metadata.occurredAt, ...withoutUndefined(fields) };
}

function addressed(event: RecordedEvent, instance: string): [InboxStreamKind, Fields] | undefined {
  switch (event.type) {
    case 'ClueTransferred':
    case 'ClueForwarded': {
      const d = event.data as unknown as ClueTransferred & Partial<ClueForwarded>;
      if (!d.to?.includes(instance)) return undefined;
      const { clueId, transferId, from, viaTransferId, basis, acknowledgeBy, feedbackBy } = d;
      return ['transfer', { clueId, transferId, from, viaTransferId, basis, acknowledgeBy, feedbackBy }];
    }
    case 'SupervisionIssued': {
      const d = event.data as unknown as SupervisionIssued;
      if (!d.recipients?.includes(instance)) return undefined;
      return ['supervision', { clueId: d.clueId, transferId: d.transferId, from: d.by, level: d.level, dueAt: d.dueBy, note: d.note }];
    }
    case 'TransferOverdue': {
      const d = event.data as unknown as TransferOverdue;
      if (d.recipient !== instance) return undefined;
      return ['overdue', { clueId: d.clueId, transferId: d.transferId, deadline: d.deadline, dueAt: d.dueAt }];
    }
    case 'TransferExtensionGranted': {
      const d = event.data as unknown as TransferExtensionGranted;
      if (d.recipient !== instance) return undefined;
      return ['extension-granted', { clueId: d.clueId, transferId: d.transferId, from: d.by, deadline: d.deadline, dueAt: d.dueAt }];
    }
    case 'TransferExtensionDenied': {
      const d = event.data as unknown as TransferExtensionDenied;
      if (d.recipient !== instance) return undefined;
      return ['extension-denied', { clueId: d.clueId, transferId: d.transferId, from: d.by, deadline: d.deadline, note: d.reason }];
    }
    case 'OneSidedBriberyFlagged': {
      const d = event.data as unknown as OneSidedBriberyFlagged;
      if (d.recipient !== instance) return undefined;
      return ['one-sided-bribery', { caseId: d.caseId }];
    }
    case 'SanctionImposed': {
      const d = event.data as unknown as SanctionImposed;
      if (!d.recipient || d.recipient !== instance) return undefined;
      return ['joint-punishment', { sanctionId: d.sanctionId }];
    }
    default:
      return undefined;
  }
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
