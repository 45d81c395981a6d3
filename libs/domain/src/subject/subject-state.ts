import type { CreditRating, SanctionedSubject, SubjectEvent } from '@cluebus/contracts';
import { foldEvents } from '../decider';

export type SanctionStatus = 'in-force' | 'revoked' | 'expired' | 'repaired';

export interface SanctionState {
  sanctionId: string;
  department: string;
  measure: string;
  rating?: CreditRating;
  startsOn: string;
  endsOn?: string;
  status: SanctionStatus;
  endedOn?: string;
  /** For a record the memorandum triggered: the triggering sanction. */
  triggerSanctionId?: string;
}

export interface SubjectState {
  exists: boolean;
  subject?: SanctionedSubject;
  sanctions: Readonly<Record<string, SanctionState>>;
}

export const initialSubjectState = (): SubjectState => ({ exists: false, sanctions: {} });

const ENDED: Record<Exclude<SubjectEvent['type'], 'SanctionImposed'>, SanctionStatus> = {
  SanctionRevoked: 'revoked',
  SanctionExpired: 'expired',
  CreditRepaired: 'repaired',
};

export function evolveSubject(state: SubjectState, event: SubjectEvent): SubjectState {
  if (event.type === 'SanctionImposed') {
    const d = event.data;
    const sanction: SanctionState = {
      sanctionId: d.sanctionId,
      department: d.department,
      measure: d.measure,
      ...(d.rating ? { rating: d.rating } : {}),
      startsOn: d.startsOn,
      ...(d.endsOn ? { endsOn: d.endsOn } : {}),
      status: 'in-force',
      ...(d.trigger ? { triggerSanctionId: d.trigger.sanctionId } : {}),
    };
    return { exists: true, subject: state.subject ?? d.subject, sanctions: { ...state.sanctions, [d.sanctionId]: sanction } };
  }
  const current = state.sanctions[event.data.sanctionId];
  if (!current) return state;
  return { ...state, sanctions: { ...state.sanctions, [current.sanctionId]: { ...current, status: ENDED[event.type], endedOn: event.data.endedOn } } };
}

export const foldSubject = (events: readonly SubjectEvent[]): SubjectState => foldEvents({ initialState: initialSubjectState, evolve: evolveSubject }, events);

/** The in-force records the memorandum triggered from `sanctionId`: they end with it. */
export function triggeredRecordsOf(state: SubjectState, sanctionId: string): SanctionState[] {
  return Object.values(state.sanctions).filter((s) => s.triggerSanctionId === sanctionId && s.status === 'in-force');
}
