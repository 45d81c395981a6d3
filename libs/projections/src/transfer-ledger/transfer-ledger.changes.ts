import type {
  ClueForwarded,
  ClueRegistered,
  ClueTransferred,
  FeedbackSent,
  FindingRecorded,
  RecordedEvent,
  SupervisionIssued,
  TransferAcknowledged,
  TransferExtensionDenied,
  TransferExtensionGranted,
  TransferExtensionRequested,
  TransferOverdue,
  TransferRejected,
} from '@cluebus/contracts';

export type LedgerDeadlineKind = 'acknowledge' | 'feedback';

/**
 * What one stored event changes in the transfer ledger (台账), as data: the projection turns
 * each change into one SQL statement. Kept pure so that every event → row rule is unit-tested
 * without a database; events the ledger does not follow give no change.
 */
export type LedgerChange =
  | { kind: 'clue'; clueId: string; category: string; registeredBy: string }
  | {
      kind: 'open';
      clueId: string;
      transferId: string;
      recipient: string;
      sender: string;
      transferKind: 'transfer' | 'forward';
      viaTransferId: string | null;
      basis: string;
      note: string | null;
      acknowledgeBy: string;
      feedbackBy: string;
      at: string;
      position: number;
    }
  | { kind: 'acknowledged'; transferId: string; recipient: string; at: string; position: number }
  | { kind: 'rejected'; transferId: string; recipient: string; reason: string; at: string; position: number }
  | { kind: 'answered'; transferId: string; recipient: string; at: string; position: number }
  | { kind: 'finding'; clueId: string; department: string; result: string }
  | { kind: 'overdue'; transferId: string; recipient: string; deadline: LedgerDeadlineKind }
  | { kind: 'supervised'; transferId: string; recipient: string; level: number; dueBy: string }
  | { kind: 'extension-requested'; transferId: string; recipient: string; deadline: LedgerDeadlineKind; days: number }
  | { kind: 'extension-granted'; transferId: string; recipient: string; deadline: LedgerDeadlineKind; days: number; dueAt: string }
  | { kind: 'extension-denied'; transferId: string; recipient: string; deadline: LedgerDeadlineKind };

export function ledgerChangesOf(event: RecordedEvent): LedgerChange[] {
  const at = event.metadata.occurredAt;
  const position = event.globalPosition;
  switch (event.type) {
    case 'ClueRegistered': {
      const d = event.data as unknown as ClueRegistered;
      return [{ kind: 'clue', clueId: d.clueId, category: d.category, registeredBy: d.registeredBy }];
    }
    case 'ClueTransferred':
    case 'ClueForwarded': {
      const d = event.data as unknown as ClueTransferred & Partial<ClueForwarded>;
      // One row per recipient: each answers, is late and is pressed on its own.
      return [...new Set(d.to)].map((recipient) => ({
        kind: 'open' as const,
        clueId: d.clueId,
        transferId: d.transferId,
        recipient,
        sender: d.from,
        transferKind: event.type === 'ClueForwarded' ? ('forward' as const) : ('transfer' as const),
        viaTransferId: d.viaTransferId ?? null,
        basis: d.basis,
        note: d.note ?? null,
        acknowledgeBy: d.acknowledgeBy,
        feedbackBy: d.feedbackBy,
        at,
        position,
      }));
    }
    case 'TransferAcknowledged': {
      const d = event.data as unknown as TransferAcknowledged;
      return [{ kind: 'acknowledged', transferId: d.transferId, recipient: d.by, at, position }];
    }
    case 'TransferRejected': {
      const d = event.data as unknown as TransferRejected;
      return [{ kind: 'rejected', transferId: d.transferId, recipient: d.by, reason: d.reason, at, position }];
    }
    case 'FeedbackSent': {
      const d = event.data as unknown as FeedbackSent;
      return [{ kind: 'answered', transferId: d.transferId, recipient: d.by, at, position }];
    }
    case 'FindingRecorded': {
      const d = event.data as unknown as FindingRecorded;
      return [{ kind: 'finding', clueId: d.clueId, department: d.by, result: d.result }];
    }
    case 'TransferOverdue': {
      const d = event.data as unknown as TransferOverdue;
      return [{ kind: 'overdue', transferId: d.transferId, recipient: d.recipient, deadline: d.deadline }];
    }
    case 'SupervisionIssued': {
      const d = event.data as unknown as SupervisionIssued;
      return (d.recipients ?? []).map((recipient) => ({ kind: 'supervised' as const, transferId: d.transferId, recipient, level: d.level, dueBy: d.dueBy }));
    }
    case 'TransferExtensionRequested': {
      const d = event.data as unknown as TransferExtensionRequested;
      return [{ kind: 'extension-requested', transferId: d.transferId, recipient: d.by, deadline: d.deadline, days: d.days }];
    }
    case 'TransferExtensionGranted': {
      const d = event.data as unknown as TransferExtensionGranted;
      return [{ kind: 'extension-granted', transferId: d.transferId, recipient: d.recipient, deadline: d.deadline, days: d.days, dueAt: d.dueAt }];
    }
    case 'TransferExtensionDenied': {
      const d = event.data as unknown as TransferExtensionDenied;
      return [{ kind: 'extension-denied', transferId: d.transferId, recipient: d.recipient, deadline: d.deadline }];
    }
    default:
      return [];
  }
}
