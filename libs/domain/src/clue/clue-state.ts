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
  /** Deadlines recorded as passed (TransferOverdue), each at most once. */
  readonly overdue: readonly DeadlineKind[];
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
  readonly finding?: { readonly result: FindingResult; readonly summary: string; readonly evidence: readonly AttachmentRef[] };
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
        r.status === 'pending' ? { ...r, status: 'acknowledged' } : r,
      );

    case 'TransferRejected':
      return updateRecipient(state, event.data.transferId, event.data.by, (r) =>
        r.status === 'pending' ? { ...r, status: 'rejected', reason: event.data.reason } : r,
      );

    case 'TransferOverdue':
      return updateRecipient(state, event.data.transferId, event.data.recipient, (r) =>
        r.overdue.includes(event.data.deadline) ? r : { ...r, overdue: [...r.overdue, event.data.deadline] },
      );

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
        feedback: [],
      };
      return { ...state, tracks: { ...state.tracks, [d.by]: track } };
    }

    case 'FindingRecorded': {
      const d = event.data;
      return updateTrack(state, d.by, (t) => ({
        ...t,
        status: 'finding-recorded',
        finding: { result: d.result, summary: d.summary, evidence: d.evidence.map((a) => ({ ...a })) },
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
      return updateRecipient(withTrack, d.transferId, d.by, (r) => ({ ...r, feedbackSent: true }));
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
