import type {
  AttachmentRef,
  ClueCategory,
  ClueEvent,
  ClueSource,
  DispositionMeasure,
  FindingResult,
  SubjectRecord,
} from '@cluebus/contracts';

/** Answer of one recipient to one transfer: 待签收 / 已签收 / 已退回. */
export type RecipientStatus = 'pending' | 'acknowledged' | 'rejected';

export type DeadlineKind = 'acknowledge' | 'feedback';

export interface RecipientState {
  readonly status: RecipientStatus;
  /** 退回 reason, when rejected. */
  readonly reason?: string;
  /** True once this recipient sent feedback (反馈) answering this transfer. */
  readonly feedbackSent: boolean;
  /**
   * Deadlines recorded as passed (TransferOverdue), each at most once per due date: a granted
   * extension (延期) replaces the deadline, so evolve removes its kind here and missing the new
   * due date is a new miss.
   */
  readonly overdue: readonly DeadlineKind[];
  /** This recipient's 签收 deadline once an extension moved it; absent: the transfer's `acknowledgeBy`. */
  readonly acknowledgeBy?: string;
  /** This recipient's 反馈 deadline once an extension moved it; absent: the transfer's `feedbackBy`. */
  readonly feedbackBy?: string;
  /** The latest extension this recipient asked for and what became of it; absent when it never asked. */
  readonly extension?: ExtensionState;
}

/**
 * 延期 of one recipient's open deadline: `requested` until the sender grants or denies it;
 * `lapsed` when the recipient answered the deadline (签收, 退回, 反馈) before the sender decided.
 */
export type ExtensionStatus = 'requested' | 'granted' | 'denied' | 'lapsed';

export interface ExtensionState {
  readonly status: ExtensionStatus;
  readonly deadline: DeadlineKind;
  /** Working days asked for. */
  readonly days: number;
  readonly reason: string;
  /** The deadline when asked. */
  readonly requestedDueAt: string;
  /** The new deadline, once granted. */
  readonly dueAt?: string;
  /** Why the sender said no, once denied. */
  readonly denialReason?: string;
}

/** A transfer (移交) by the registrar or a forward (转办) by a recipient; both share one id space per clue. */
export interface TransferState {
  readonly transferId: string;
  readonly kind: 'transfer' | 'forward';
  /** 0-based order of arrival among the clue's transfers and forwards. */
  readonly seq: number;
  readonly from: string;
  readonly to: readonly string[];
  readonly basis: string;
  readonly note?: string;
  readonly acknowledgeBy: string;
  readonly feedbackBy: string;
  /** For a forward: the transfer through which the forwarder received the clue (chain of custody). */
  readonly viaTransferId?: string;
  readonly policyVersion?: string;
  /** 督办 issued on this transfer so far (SupervisionIssued levels 1, 2, …); absent when none. */
  readonly supervisionLevel?: number;
  /** By recipient instance; every entry of `to` has one. */
  readonly recipients: Readonly<Record<string, RecipientState>>;
}

export type TrackStatus = 'investigating' | 'finding-recorded' | 'disposition-decided' | 'feedback-sent';

export interface FeedbackRecord {
  /** The received transfer this feedback answered. */
  readonly transferId: string;
  readonly to: string;
  readonly summary: string;
}

/** One department instance's investigation of the clue (一案多查: one track per department). */
export interface InvestigationTrack {
  readonly by: string;
  readonly status: TrackStatus;
  readonly basis: string;
  readonly note?: string;
  /** Whom it investigates (subject references); absent: every subject of the clue. */
  readonly subjects?: readonly string[];
  readonly finding?: { readonly result: FindingResult; readonly summary: string; readonly evidence: readonly AttachmentRef[]; readonly subjects?: readonly string[] };
  readonly measures?: readonly DispositionMeasure[];
  /** In the order sent; one per answered transfer. */
  readonly feedback: readonly FeedbackRecord[];
}

/**
 * What the Clue aggregate knows to decide. Independent of stream version (the store checks
 * that on append). Plain JSON: can be snapshotted as is.
 */
export interface ClueState {
  readonly exists: boolean;
  readonly clueId: string;
  readonly registeredBy: string;
  readonly source?: ClueSource;
  readonly category?: ClueCategory;
  readonly alsoConcerns: readonly ClueCategory[];
  readonly subjects: readonly SubjectRecord[];
  readonly summary: string;
  readonly amountYuan?: number;
  /** By transferId: transfers and forwards. */
  readonly transfers: Readonly<Record<string, TransferState>>;
  /** By department instance. */
  readonly tracks: Readonly<Record<string, InvestigationTrack>>;
}

export function initialClueState(): ClueState {
  return {
    exists: false,
    clueId: '',
    registeredBy: '',
    alsoConcerns: [],
    subjects: [],
    summary: '',
    transfers: {},
    tracks: {},
  };
}

/**
 * Folds one event into the state. Pure: never mutates `state`, returns a new object (unchanged
 * parts are shared). Events are facts already decided, so evolve does not re-check rules; an
 * event that refers to something the state does not know (which decide never produces) leaves
 * the state unchanged rather than crash a replay.
 */
export function evolveClue(state: ClueState, event: ClueEvent): ClueState {
  switch (event.type) {
    case 'ClueRegistered': {
      if (state.exists) return state;
      const d = event.data;
      return {
        ...initialClueState(),
        exists: true,
        clueId: d.clueId,
        registeredBy: d.registeredBy,
        source: d.source,
        category: d.category,
        alsoConcerns: [...d.alsoConcerns],
        subjects: d.subjects.map((s) => ({ ...s })),
        summary: d.summary,
        ...(d.amountYuan !== undefined ? { amountYuan: d.amountYuan } : {}),
      };
    }

    case 'ClueTransferred':
    case 'ClueForwarded': {
      const d = event.data;
      if (state.transfers[d.transferId]) return state;
      const recipients: Record<string, RecipientState> = {};
      for (const to of d.to) recipients[to] = { status: 'pending', feedbackSent: false, overdue: [] };
      const transfer: TransferState = {
        transferId: d.transferId,
        kind: event.type === 'ClueTransferred' ? 'transfer' : 'forward',
        seq: Object.keys(state.transfers).length,
        from: d.from,
        to: [...d.to],
        basis: d.basis,
        ...(d.note !== undefined ? { note: d.note } : {}),
        acknowledgeBy: d.acknowledgeBy,
        feedbackBy: d.feedbackBy,
        ...(event.type === 'ClueForwarded' ? { viaTransferId: event.data.viaTransferId } : {}),
        ...(event.type === 'ClueTransferred' && event.data.policyVersion !== undefined
          ? { policyVersion: event.data.policyVersion }
          : {}),
        recipients,
      };
      return { ...state, transfers: { ...state.transfers, [d.transferId]: transfer } };
    }

    case 'TransferAcknowledged':
      return updateRecipient(state, event.data.transferId, event.data.by, (r) =>
        r.status === 'pending' ? lapseExtension({ ...r, status: 'acknowledged' }, 'acknowledge') : r,
      );

    case 'TransferRejected':
      return updateRecipient(state, event.data.transferId, event.data.by, (r) =>
        r.status === 'pending' ? lapseExtension({ ...r, status: 'rejected', reason: event.data.reason }) : r,
      );

    case 'TransferOverdue':
      return updateRecipient(state, event.data.transferId, event.data.recipient, (r) =>
        r.overdue.includes(event.data.deadline) ? r : { ...r, overdue: [...r.overdue, event.data.deadline] },
      );

    case 'TransferExtensionRequested': {
      const d = event.data;
      return updateRecipient(state, d.transferId, d.by, (r) => ({
        ...r,
        extension: { status: 'requested', deadline: d.deadline, days: d.days, reason: d.reason, requestedDueAt: d.currentDueAt },
      }));
    }

    case 'TransferExtensionGranted': {
      const d = event.data;
      return updateRecipient(state, d.transferId, d.recipient, (r) => ({
        ...r,
        [d.deadline === 'acknowledge' ? 'acknowledgeBy' : 'feedbackBy']: d.dueAt,
        // The missed deadline is replaced: missing the new one is a new miss (OverdueMayBeRecordedOnce).
        overdue: r.overdue.filter((k) => k !== d.deadline),
        extension: {
          ...(r.extension ?? { deadline: d.deadline, reason: '', requestedDueAt: d.previousDueAt }),
          status: 'granted',
          days: d.days,
          dueAt: d.dueAt,
        },
      }));
    }

    case 'TransferExtensionDenied': {
      const d = event.data;
      return updateRecipient(state, d.transferId, d.recipient, (r) =>
        r.extension ? { ...r, extension: { ...r.extension, status: 'denied', denialReason: d.reason } } : r,
      );
    }

    case 'SupervisionIssued': {
      const d = event.data;
      const transfer = state.transfers[d.transferId];
      if (!transfer) return state;
      return { ...state, transfers: { ...state.transfers, [d.transferId]: { ...transfer, supervisionLevel: Math.max(transfer.supervisionLevel ?? 0, d.level) } } };
    }

    case 'InvestigationOpened': {
      const d = event.data;
      if (state.tracks[d.by]) return state;
      const track: InvestigationTrack = {
        by: d.by,
        status: 'investigating',
        basis: d.basis,
        ...(d.note !== undefined ? { note: d.note } : {}),
        ...(d.subjects !== undefined ? { subjects: [...d.subjects] } : {}),
        feedback: [],
      };
      return { ...state, tracks: { ...state.tracks, [d.by]: track } };
    }

    case 'FindingRecorded': {
      const d = event.data;
      return updateTrack(state, d.by, (t) => ({
        ...t,
        status: 'finding-recorded',
        finding: { result: d.result, summary: d.summary, evidence: d.evidence.map((a) => ({ ...a })), ...(d.subjects !== undefined ? { subjects: [...d.subjects] } : {}) },
      }));
    }

    case 'DispositionDecided': {
      const d = event.data;
      return updateTrack(state, d.by, (t) => ({
        ...t,
        status: 'disposition-decided',
        measures: d.measures.map((m) => ({ ...m })),
      }));
    }

    case 'FeedbackSent': {
      const d = event.data;
      const withTrack = updateTrack(state, d.by, (t) => ({
        ...t,
        status: 'feedback-sent',
        feedback: [...t.feedback, { transferId: d.transferId, to: d.to, summary: d.summary }],
      }));
      return updateRecipient(withTrack, d.transferId, d.by, (r) => lapseExtension({ ...r, feedbackSent: true }, 'feedback'));
    }

    default: {
      // A newer event type this code does not know yet: ignore it (forward compatible replay).
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

/** Folds a whole history from the initial state. */
export function foldClue(events: readonly ClueEvent[], from: ClueState = initialClueState()): ClueState {
  return events.reduce(evolveClue, from);
}

function updateRecipient(
  state: ClueState,
  transferId: string,
  recipient: string,
  update: (r: RecipientState) => RecipientState,
): ClueState {
  const transfer = state.transfers[transferId];
  const current = transfer?.recipients[recipient];
  if (!transfer || !current) return state;
  const next = update(current);
  if (next === current) return state;
  return {
    ...state,
    transfers: {
      ...state.transfers,
      [transferId]: { ...transfer, recipients: { ...transfer.recipients, [recipient]: next } },
    },
  };
}

/** An open extension request of `kind` (any kind when omitted) lapses once its deadline is answered. */
function lapseExtension(r: RecipientState, kind?: DeadlineKind): RecipientState {
  const ext = r.extension;
  if (ext?.status !== 'requested' || (kind !== undefined && ext.deadline !== kind)) return r;
  return { ...r, extension: { ...ext, status: 'lapsed' } };
}

function updateTrack(
  state: ClueState,
  by: string,
  update: (t: InvestigationTrack) => InvestigationTrack,
): ClueState {
  const track = state.tracks[by];
  if (!track) return state;
  return { ...state, tracks: { ...state.tracks, [by]: update(track) } };
}

// ---------------------------------------------------------------------------------------------
// Pure queries
// ---------------------------------------------------------------------------------------------

/** All transfers and forwards in the order they happened. */
export function allTransfers(state: ClueState): TransferState[] {
  return Object.values(state.transfers).sort((a, b) => a.seq - b.seq);
}

/**
 * A department sees only clues sent to it or by it: the registrar, and every recipient of any
 * transfer or forward (whatever its answer — a department that rejected still sees what it
 * rejected). A forwarder is a recipient of the transfer it forwards, so it is covered.
 */
export function canSee(state: ClueState, instance: string): boolean {
  if (!state.exists) return false;
  if (state.registeredBy === instance) return true;
  return Object.values(state.transfers).some((t) => t.to.includes(instance));
}

/** Transfers and forwards whose recipients include `instance`, in order. */
export function transfersTo(state: ClueState, instance: string): TransferState[] {
  return allTransfers(state).filter((t) => t.to.includes(instance));
}

/** Transfers and forwards sent by `instance`, in order. */
export function transfersFrom(state: ClueState, instance: string): TransferState[] {
  return allTransfers(state).filter((t) => t.from === instance);
}

/** Status of `instance`'s answer to a transfer; undefined when it is not a recipient of it. */
export function recipientStatus(state: ClueState, transferId: string, instance: string): RecipientStatus | undefined {
  return state.transfers[transferId]?.recipients[instance]?.status;
}

/** Transfers `instance` received with the given answer status, in order. */
export function transfersToWithStatus(state: ClueState, instance: string, status: RecipientStatus): TransferState[] {
  return transfersTo(state, instance).filter((t) => t.recipients[instance]?.status === status);
}

/**
 * The department currently holds the clue: it registered it, or has a transfer of it that is
 * pending or acknowledged (sending it the clue again would duplicate work).
 */
export function holdsClue(state: ClueState, instance: string): boolean {
  if (!state.exists) return false;
  if (state.registeredBy === instance) return true;
  return transfersTo(state, instance).some((t) => t.recipients[instance]?.status !== 'rejected');
}

/** Every department instance that was ever sent the clue (transfers and forwards, any answer). */
export function allRecipients(state: ClueState): string[] {
  const seen = new Set<string>();
  for (const t of allTransfers(state)) for (const r of t.to) seen.add(r);
  return [...seen];
}

/**
 * The deadline a recipient still owes an answer to: 签收 while pending, 反馈 while acknowledged
 * without feedback; none once rejected or answered.
 */
export function openDeadline(r: RecipientState | undefined): DeadlineKind | undefined {
  if (r?.status === 'pending') return 'acknowledge';
  if (r?.status === 'acknowledged' && !r.feedbackSent) return 'feedback';
  return undefined;
}

/**
 * The due date of `kind` for one recipient: its own once an extension moved it, else the
 * transfer's. Without a recipient (or for one that never had an extension): the transfer's.
 */
export function recipientDeadline(transfer: TransferState, kind: DeadlineKind, recipient?: string): string {
  const r = recipient === undefined ? undefined : transfer.recipients[recipient];
  return kind === 'acknowledge' ? (r?.acknowledgeBy ?? transfer.acknowledgeBy) : (r?.feedbackBy ?? transfer.feedbackBy);
}

/** Recipients of a transfer with an extension request the sender has not decided yet, in the transfer's order. */
export function openExtensionRequests(transfer: TransferState): string[] {
  return transfer.to.filter((r) => transfer.recipients[r]?.extension?.status === 'requested');
}
