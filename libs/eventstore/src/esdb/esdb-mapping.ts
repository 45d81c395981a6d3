/**
 * Pure mappings between the EventStore port and @eventstore/db-client (EventStoreDB /
 * KurrentDB). No I/O, no runtime import of the client (only its types), so they are
 * unit-tested here and loading `@cluebus/eventstore` does not load gRPC.
 */
import type {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  EventData,
  Position,
  ReadPosition,
  RecordedEvent as EsdbRecordedEvent,
  ResolvedEvent,
} from '@eventstore/db-client';
import type { EventMetadata, NewEvent } from '@cluebus/contracts';
import type { ExpectedVersion } from '../event-store';
import { WrongExpectedVersionError } from '../errors';
import type { UnsealedEvent } from './lazy-chain';

/** Metadata key under which the adapter keeps what the port has and EventStoreDB has not. */
export const CLUEBUS_METADATA_KEY = 'cluebus';

/** What the adapter adds to each event's EventStoreDB metadata (under `cluebus`). */
export interface CluebusEnvelope {
  /** Layout version of this envelope. */
  v: 1;
  schemaVersion: number;
  /** Random id of the append call that wrote the event: tells a fresh write from an idempotent replay. */
  appendId: string;
}

/** An event as read back, with the id of the append that wrote it. */
export interface DecodedEvent extends UnsealedEvent {
  appendId: string;
}

/** Our expected version → the client's. -1 means "no stream", as in the SQL store. */
export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return 'any';
    case 'no-stream':
      return 'no_stream';
    case 'stream-exists':
      return 'stream_exists';
    default:
      if (!Number.isSafeInteger(expected) || expected < -1) {
        throw new RangeError(`expected version must be 'any', 'no-stream', 'stream-exists' or an integer ≥ -1, got ${String(expected)}`);
      }
      return expected === -1 ? 'no_stream' : BigInt(expected);
  }
}

/** The client's "current revision" (bigint or 'no_stream') → our actual version (-1 = no stream). */
export function toActualVersion(current: unknown): number {
  if (typeof current === 'bigint') return Number(current);
  if (typeof current === 'number') return current;
  if (typeof current === 'string' && /^-?\d+$/.test(current)) return Number(current);
  return -1; // 'no_stream' (or anything the client could not tell)
}

/** Is this a WrongExpectedVersionError of the client (checked by shape: the client is loaded lazily)? */
export function isClientWrongExpectedVersion(error: unknown): error is { type: string; actualVersion: unknown; streamName?: string } {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'wrong-expected-version';
}

/** The client's WrongExpectedVersionError → ours. */
export function toWrongExpectedVersion(error: { actualVersion: unknown }, streamId: string, expected: ExpectedVersion): WrongExpectedVersionError {
  return new WrongExpectedVersionError(streamId, expected, toActualVersion(error.actualVersion));
}

/** Our event → an EventStoreDB JSON event. */
export function toEventData(event: NewEvent, appendId: string): EventData {
  const envelope: CluebusEnvelope = { v: 1, schemaVersion: event.schemaVersion, appendId };
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    data: event.data,
    metadata: {
      ...event.metadata,
      // Understood by EventStoreDB's own projections ($by_correlation_id) and tooling.
      $correlationId: event.metadata.correlationId,
      $causationId: event.metadata.causationId,
      [CLUEBUS_METADATA_KEY]: envelope,
    },
  } as EventData;
}

/** True for EventStoreDB's own events ($-prefixed streams or types: stats, settings, links, metadata). */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

/**
 * A recorded EventStoreDB event → ours, without chain fields. Undefined for system events and
 * for events another writer put into the database (no cluebus envelope): they are not part of
 * the cluebus log. Throws when a cluebus event cannot be decoded (that is corruption).
 */
export function fromRecordedEvent(event: EsdbRecordedEvent | undefined): DecodedEvent | undefined {
  if (!event || isSystemEvent(event)) return undefined;
  const metadata = event.metadata as Record<string, unknown> | undefined;
  const envelope = isObject(metadata) ? metadata[CLUEBUS_METADATA_KEY] : undefined;
  if (!isObject(envelope) || envelope.v !== 1) return undefined;
  const { schemaVersion, appendId } = envelope as Partial<CluebusEnvelope>;
  if (!event.isJson || !isObject(event.data) || typeof schemaVersion !== 'number' || typeof appendId !== 'string') {
    throw new Error(`EventStoreDB event ${event.id} in ${event.streamId}@${event.revision} has a cluebus envelope but cannot be decoded`);
  }
  if (!event.position) {
    throw new Error(`EventStoreDB returned event ${event.id} without its log position (server older than 22.6?)`);
  }
  const { [CLUEBUS_METADATA_KEY]: _envelope, $correlationId: _c, $causationId: _k, ...rest } = metadata!;
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion,
    data: event.data as Record<string, unknown>,
    metadata: rest as unknown as EventMetadata,
    streamId: event.streamId,
    streamPosition: Number(event.revision),
    globalPosition: toGlobalPosition(event.position),
    recordedAt: event.created.toISOString(),
    appendId,
  };
}

/** A resolved event from a read or a subscription → ours (links are not resolved: $all holds the originals). */
export function fromResolvedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): DecodedEvent | undefined {
  return fromRecordedEvent(resolved.event as EsdbRecordedEvent | undefined);
}

/**
 * EventStoreDB log position → our globalPosition: the commit position, a byte offset in the
 * transaction log. Strictly increasing in commit order, NOT contiguous. Events written through
 * gRPC have commit = prepare, one position per event.
 */
export function toGlobalPosition(position: Position): number {
  const n = Number(position.commit);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`EventStoreDB commit position ${position.commit} does not fit a JavaScript number`);
  return n;
}

/** Our `after` → where to start reading $all (inclusive: the caller drops the event at `after`). */
export function toReadPosition(after: number): ReadPosition {
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`position must be a non-negative integer, got ${after}`);
  if (after === 0) return 'start';
  const p = BigInt(after);
  return { commit: p, prepare: p };
}

/** Strips the adapter's bookkeeping from a decoded event. */
export function withoutAppendId(event: DecodedEvent): UnsealedEvent {
  const { appendId: _a, ...rest } = event;
  return rest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
