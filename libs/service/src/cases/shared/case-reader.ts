import { Inject, Injectable } from '@nestjs/common';
import { caseStreamId, clueStreamId, type CaseEvent, type ClueEvent, type RecordedEvent } from '@cluebus/contracts';
import { foldCase, foldClue, type CaseState, type ClueState } from '@cluebus/domain';
import { contractUpcaster, EVENT_STORE, type EventStore, type StoredEventJson, type Upcaster } from '@cluebus/eventstore';
import { asDomainEvent } from '../../commands/handle-command';
import { recordedBy } from './as-of';

export interface CaseHistory {
  state: CaseState;
  events: RecordedEvent[];
}

/** Clues by id, folded, with the events they were folded from. */
export type ClueHistories = Record<string, { state: ClueState; events: RecordedEvent[] }>;

/**
 * Reads a case and the clues it looks at, folded, from their own streams: what a case decision
 * takes as context (CaseDecisionContext.clues) and what the case view is computed from. No
 * visibility check here: the decider and the query handlers apply the rules. `asOf` keeps the
 * events recorded at or before that instant (the store stamps each commit group once, in commit
 * order, so that is a prefix of each stream).
 */
@Injectable()
export class CaseReader {
  /** The store's own default (openSqlEventStore): raw reads are folded as every other reader sees them. */
  readonly upcaster: Upcaster = contractUpcaster();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async readCase(caseId: string, asOf?: Date): Promise<CaseHistory> {
    const events = recordedBy(await this.store.readStream(caseStreamId(caseId)), asOf);
    return { state: foldCase(events.map((e) => asDomainEvent<CaseEvent>(e))), events };
  }

  /** The clues by id, folded; a clue with no events is left out (the rules treat it as missing). */
  async readClues(clueIds: readonly string[], asOf?: Date): Promise<Record<string, ClueState>> {
    const histories = await this.readClueHistories(clueIds, asOf);
    return Object.fromEntries(Object.entries(histories).map(([id, h]) => [id, h.state]));
  }

  /** The clues by id, folded, with the events they were folded from (for readers that need ids and times too); missing clues left out. */
  async readClueHistories(clueIds: readonly string[], asOf?: Date): Promise<ClueHistories> {
    return this.histories(clueIds, (id) => this.readClueHistory(id), asOf);
  }

  readClueHistory(clueId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(clueStreamId(clueId));
  }

  /** The case stream as of `asOf`, raw, and the case folded from it through the upcaster. */
  async readStoredCase(caseId: string, asOf?: Date): Promise<CaseHistory> {
    const events = recordedBy(await this.store.readStream(caseStreamId(caseId), { raw: true }), asOf);
    return { state: foldCase(events.map((e) => asDomainEvent<CaseEvent>(this.upcaster.upcast(e)))), events };
  }

  /**
   * Every event of the clues as of `asOf`, raw, in log order, with data and metadata as the
   * stored JSON text — for a reader that passes them on unopened; undefined where the store
   * cannot read so (the caller reads them parsed).
   */
  async readStoredCluesAsJson(clueIds: readonly string[], asOf?: Date): Promise<StoredEventJson[] | undefined> {
    if (!this.store.readStreamsAsJson) return undefined;
    const events = await this.store.readStreamsAsJson(clueIds.map(clueStreamId));
    return recordedBy(events, asOf);
  }

  /** The clues by id with their events exactly as stored (raw), folded through the upcaster, as of `asOf`: what a timeline shows and proves; each stream read once, missing clues left out. */
  async readStoredClues(clueIds: readonly string[], asOf?: Date): Promise<ClueHistories> {
    const byStream = await this.readRawStreams(clueIds.map(clueStreamId));
    return this.histories(clueIds, async (id) => byStream.get(clueStreamId(id)) ?? [], asOf);
  }

  /** Raw events of the streams, by stream, in one read where the store offers it (SQL), else one read a stream. */
  private async readRawStreams(streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
    const byStream = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (this.store.readStreams) {
      for (const e of await this.store.readStreams(streamIds, { raw: true })) byStream.get(e.streamId)?.push(e);
    } else {
      await Promise.all(streamIds.map(async (id) => byStream.set(id, await this.store.readStream(id, { raw: true }))));
    }
    return byStream;
  }

  private async histories(clueIds: readonly string[], read: (id: string) => Promise<RecordedEvent[]>, asOf?: Date) {
    const unique = [...new Set(clueIds)];
    const histories = await Promise.all(
      unique.map(async (id) => {
        const events = recordedBy(await read(id), asOf);
        return [id, { state: foldClue(events.map((e) => asDomainEvent<ClueEvent>(this.upcaster.upcast(e)))), events }] as const;
      }),
    );
    return Object.fromEntries(histories.filter(([, h]) => h.state.exists));
  }
}
