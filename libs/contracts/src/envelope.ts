/**
 * The envelope every stored event carries. Events are immutable facts; the envelope says who
 * caused them (department instance + actor), when, under which legal basis, and which command
 * caused them (causationId), so the history answers "who did what, why, on whose order".
 */
export interface EventMetadata {
  /** Department instance that caused the event, `code:region`, e.g. `samr:341300`. */
  department: string;
  /** The person or system acting for the department (never personal ID numbers). */
  actor: string;
  /** When the fact happened, ISO-8601 UTC. */
  occurredAt: string;
  /** Id of the command that caused this event (UUID v7). */
  causationId: string;
  /** Id shared by every event of one business flow (defaults to the causation id). */
  correlationId: string;
  /** Legal basis (法律依据) where one applies. */
  legalBasis?: string;
  /** SHA-256 of the canonical command: a repeated Idempotency-Key with another request is refused. */
  requestHash?: string;
}

/** An event as a writer hands it to the store. */
export interface NewEvent<T extends string = string, D = Record<string, unknown>> {
  eventId: string;
  type: T;
  /** Schema version of `data` for this `type` (upcast on read). */
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
}

/** An event as the store returns it: position in its stream and in the global log, plus chain hashes. */
export interface RecordedEvent<T extends string = string, D = Record<string, unknown>> extends NewEvent<T, D> {
  streamId: string;
  /** 0-based position within the stream (KurrentDB "revision"). */
  streamPosition: number;
  /** 1-based position in the global log; strictly increasing in commit order, no gaps. */
  globalPosition: number;
  /** When the store committed it, ISO-8601 UTC. */
  recordedAt: string;
  /** Hash of the previous event in the global log (hex); 64 zeros for the first. */
  prevHash: string;
  /** Hash over prevHash and this event's canonical bytes (hex). */
  hash: string;
}

/**
 * The largest event the log takes, in bytes of its JSON as it travels on the bus (payload,
 * metadata and the store's envelope). Kept well below the topics' `max.message.bytes` (1 MiB,
 * set when the topics are created) so that any stored event can always be relayed: an event
 * over it is refused at append (413 EVENT_TOO_LARGE), never discovered by a stalled relay.
 */
export const MAX_EVENT_BYTES = 512 * 1024;

/** What the store adds to an event on the bus beyond its own JSON (ids, positions, two hashes, times). */
export const STORED_ENVELOPE_BYTES = 1024;

/** An aggregate's events as its domain sees them, from its map of type → data: `{ type, data }` for each (the envelope is added by the application). */
export type DomainEventsOf<DataByType> = { [K in keyof DataByType]: { type: K; data: DataByType[K] } }[keyof DataByType];
