import { Injectable } from '@nestjs/common';
import type { RecordedEvent, SubjectRecord } from '@cluebus/contracts';
import type { ClueState } from '@cluebus/domain';
import { reporterRecordId, subjectRecordId } from '../seal/personal-data-sealer';
import { type OpenedRecord, PersonalDataVault, recordKey, type RecordRef } from '../vault/personal-data-vault';

/** What a reader sees where personal data was erased (crypto-shredded). */
export const ERASED = '[erased]';

/** A subject as the read API shows it: its sealed name resolved, or [erased]; null where a v1 event's clear name is withheld. */
export type RevealedSubject = Omit<SubjectRecord, 'name'> & { name: string | null };

/**
 * Resolves sealed personal data for a reader the visibility rules already admitted (docs/adr/0010):
 * subjects' names for whoever sees the clue, the reporter's identity only when `withReporter`
 * (the registrar). Reads the registrar's vault records in one query; what was erased reads as
 * "[erased]". Nothing here is logged or cached.
 */
@Injectable()
export class PersonalDataRevealer {
  constructor(private readonly vault: PersonalDataVault) {}

  async reveal(state: ClueState, events: RecordedEvent[], withReporter: boolean): Promise<{ state: ClueState; events: RecordedEvent[] }> {
    if (!state.exists) return { state, events };
    const clueId = state.clueId;
    const registered = events.find((e) => e.type === 'ClueRegistered');
    const reporter = registered?.data.reporter as { personalData?: { token: string } } | undefined;
    const refs: RecordRef[] = state.subjects.flatMap((s, i) => (s.personalData ? [{ token: s.personalData.token, record: subjectRecordId(clueId, i) }] : []));
    const reporterRef = withReporter && reporter?.personalData ? { token: reporter.personalData.token, record: reporterRecordId(clueId) } : undefined;
    const opened = await this.vault.open(state.registeredBy, reporterRef ? [...refs, reporterRef] : refs);
    const subjects = state.subjects.map((s, i) => revealSubject(s, opened, subjectRecordId(clueId, i)));
    const reveal = (e: RecordedEvent): RecordedEvent => {
      if (e !== registered) return e;
      const data: Record<string, unknown> = { ...e.data, subjects };
      if (reporterRef && reporter) data.reporter = { ...reporter, ...revealed(opened.get(recordKey(reporterRef)) ?? null, ['name', 'contact']) };
      return { ...e, data };
    };
    // The state's type has no null name; the API's JSON shows null where a v1 name is withheld.
    return { state: { ...state, subjects: subjects as unknown as SubjectRecord[] }, events: events.map(reveal) };
  }
}

function revealSubject(s: SubjectRecord, opened: Map<string, OpenedRecord>, record: string): RevealedSubject {
  if (!s.personalData) return { ...s, name: s.name ?? null };
  return { ...s, name: revealed(opened.get(recordKey({ token: s.personalData.token, record })) ?? null, ['name']).name ?? ERASED };
}

function revealed(record: OpenedRecord, fields: readonly ('name' | 'contact')[]): Partial<Record<'name' | 'contact', string>> {
  return Object.fromEntries(fields.map((f) => [f, record === null ? ERASED : record[f]]).filter(([, v]) => v !== undefined));
}
