import type { NewEvent, RecordedEvent } from '@cluebus/contracts';

/**
 * Expected version of a stream when appending (KurrentDB semantics):
 * - 'any': no check;  'no-stream': the stream must not exist;  'stream-exists': it must;
 * - a number: the 0-based position of the stream's last event must be exactly this.
 */
export type ExpectedVersion = 'any' | 'no-stream' | 'stream-exists' | number;

export interface AppendResult {
  /** Position of the stream's last event after the append. */
  nextExpectedVersion: number;
  /** Global position of the last appended event. */
  lastGlobalPosition: number;
  /** The events as stored (or as found, for an idempotent re-append). */
  events: RecordedEvent[];
  /** True when every event id was already in the stream at the same place: nothing was written. */
  idempotentReplay: boolean;
}

export interface ReadStreamOptions {
  /** First stream position to return (default 0). */
  fromPosition?: number;
  maxCount?: number;
  /** Skip upcasting: return events exactly as stored (for verification). */
  raw?: boolean;
}

/** A raw event with `data` and `metadata` as JSON text, exactly the values stored (key order and spacing may differ). */
export interface StoredEventJson extends Omit<RecordedEvent, 'data' | 'metadata'> {
  dataJson: string;
  metadataJson: string;
}

export interface ReadAllOptions {
  /** Return events with globalPosition > after (default 0: from the start). */
  after?: number;
  maxCount?: number;
  raw?: boolean;
  /** Only events recorded at or before this instant ("as of"). */
  asOf?: Date;
}

export interface Subscription {
  /** Last global position handed to the handler successfully. */
  readonly position: number;
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events with globalPosition > after. */
  after: number;
  batchSize?: number;
  /** Called when the handler throws; the batch is retried after a back-off. */
  onError?: (error: unknown) => void;
}

/** The port. Adapters: postgres, pglite (share one SQL implementation), esdb. */
export interface EventStore {
  /**
   * `waitForSeal`: on a store whose positions come from a sealer (docs/adr/0009), resolve only
   * once the events have their global positions and hashes. Stores that assign them at commit
   * ignore it (they are sealed when append resolves).
   */
  append(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion; waitForSeal?: boolean }): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Several streams' events merged in global order, in one read (a case timeline: the case and
   * all its clues). Optional: a reader without it reads stream by stream and merges.
   */
  readStreams?(streamIds: readonly string[], options?: { raw?: boolean }): Promise<RecordedEvent[]>;
  /**
   * readStreams, raw, with each event's data and metadata left as the JSON text the store holds:
   * for readers that pass many events on without looking inside them (a case timeline over HTTP
   * is ~10 MB for a large case; parsing it only to serialise it again was most of its cost).
   * Optional: a reader without it uses readStreams.
   */
  readStreamsAsJson?(streamIds: readonly string[]): Promise<StoredEventJson[]>;
  /** Catch-up then live subscription to the global log, in order, at least once. */
  subscribeToAll(handler: (events: RecordedEvent[]) => Promise<void>, options: SubscribeOptions): Subscription;
  /** Global position of the newest event (0 when empty). */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
