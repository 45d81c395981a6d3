import { canonicalJson } from '@cluebus/audit';
import { MAX_EVENT_BYTES, type NewEvent, type RecordedEvent, STORED_ENVELOPE_BYTES } from '@cluebus/contracts';
import { foldEvents, type Decider, type DomainEvent } from '@cluebus/domain';
import type { EventStore } from '@cluebus/eventstore';
import { createHash } from 'node:crypto';
import type { EventMustMatchItsSchema } from './event-schema-check';
import { EventTooLargeError } from './event-too-large.error';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.error';

/** The ids a command's events get: CommandIds, derived from the Idempotency-Key when there is one (docs/adr/0003). */
export interface CommandEventIds {
  readonly commandId: string;
  readonly idempotencyKey?: string;
  eventId(index: number): string;
}

/** Everything the command path needs besides the decider and the command. */
export interface CommandContext<Event extends DomainEvent, DecisionContext> {
  /** What the decider decides with (time, actor, policies): the aggregate's own context type. */
  decision: DecisionContext;
  /** Who caused the events and when: stamped on every event appended. */
  envelope: {
    department: string;
    actor: string;
    occurredAt: Date;
    legalBasis?: string;
  };
  /** The schema version the aggregate writes for each of its event types (older ones are upcast on read). */
  schemaVersions: Readonly<Record<Event['type'], number>>;
  /** The JSON Schemas every event must match before it is appended (contractSchemaCheck() for the contract's aggregates). */
  schemas: EventMustMatchItsSchema;
}

export interface HandledCommand {
  commandId: string;
  /** True when the events were already stored by an earlier request with the same Idempotency-Key. */
  replayed: boolean;
  /** The command's events as stored: appended now, or found from the first request. */
  events: RecordedEvent[];
}

/**
 * The one command path of every aggregate: read the stream → (same Idempotency-Key seen before?
 * replay) → fold → decide → append with the version that was read.
 *
 * - Optimistic concurrency: the append expects the stream exactly as read ('no-stream' or its
 *   last position), so of two concurrent writers one wins and the other gets the store's
 *   WrongExpectedVersionError — never a lost update.
 * - Every event matches the JSON Schema of its type and version, or nothing is stored: a
 *   mismatch is a bug of the decider, thrown as EventSchemaViolationError (docs/adr/0014).
 * - Idempotency without a table (docs/adr/0003): with a key, events caused by the derived
 *   command id mean "done before"; the stored request hash tells a retry (→ the first events,
 *   `replayed`) from another request reusing the key (→ IdempotencyKeyReusedError). Two copies
 *   racing both get past that check, decide the same events with the same derived ids, and the
 *   store's idempotent append turns the second into a no-op.
 *
 * Knows nothing of any aggregate: the stream id, decider, decision context and schema
 * versions come from the caller.
 */
export async function handleCommand<Command, Event extends DomainEvent, State, DecisionContext>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State, DecisionContext>,
  command: Command,
  ids: CommandEventIds,
  context: CommandContext<Event, DecisionContext>,
): Promise<HandledCommand> {
  const history = await store.readStream(streamId);
  // Over what the caller asked, before anything is derived from state or time: a retry hashes the same.
  const requestHash = createHash('sha256').update(canonicalJson(command)).digest('hex');

  if (ids.idempotencyKey) {
    const earlier = history.filter((e) => e.metadata.causationId === ids.commandId);
    if (earlier.length > 0) {
      if (earlier[0].metadata.requestHash !== requestHash) throw new IdempotencyKeyReusedError(ids.commandId);
      return { commandId: ids.commandId, replayed: true, events: earlier };
    }
  }

  const state = foldEvents(decider, history.map((e) => asDomainEvent<Event>(e)));
  const decided = decider.decide(command, state, context.decision);
  // An idempotent command may find nothing new to record (a second erasure): nothing is appended.
  if (decided.length === 0) return { commandId: ids.commandId, replayed: false, events: [] };
  const { department, actor, occurredAt, legalBasis } = context.envelope;
  const events: NewEvent[] = decided.map((e, i) => ({
    eventId: ids.eventId(i),
    type: e.type,
    schemaVersion: schemaVersionOf(context.schemaVersions, e.type),
    data: e.data as Record<string, unknown>,
    metadata: {
      department,
      actor,
      occurredAt: occurredAt.toISOString(),
      causationId: ids.commandId,
      // A stream is one business flow: every later command joins the flow its first event started.
      correlationId: history[0]?.metadata.correlationId ?? ids.commandId,
      requestHash,
      ...(legalBasis ? { legalBasis } : {}),
    },
  }));
  for (const e of events) {
    context.schemas.check(e);
    const bytes = Buffer.byteLength(JSON.stringify(e)) + Buffer.byteLength(streamId) + STORED_ENVELOPE_BYTES;
    if (bytes > MAX_EVENT_BYTES) throw new EventTooLargeError(e.type, bytes);
  }
  const expectedVersion = history.length === 0 ? 'no-stream' : history[history.length - 1].streamPosition;
  const result = await store.append(streamId, events, { expectedVersion });
  return { commandId: ids.commandId, replayed: result.idempotentReplay, events: result.events };
}

function schemaVersionOf<Event extends DomainEvent>(versions: Readonly<Record<Event['type'], number>>, type: Event['type']): number {
  const version = versions[type];
  // A programming error (a new event type without a version), not a refusal: fail before writing.
  if (!Number.isInteger(version)) throw new TypeError(`no schema version for event type ${type}`);
  return version;
}

/** A stored event as its decider's evolve takes it: type and (upcast) data, without the envelope. */
export function asDomainEvent<Event extends DomainEvent>(e: RecordedEvent): Event {
  return { type: e.type, data: e.data } as unknown as Event;
}

/** What an API answer shows of the events a command stored: ids and positions, never payloads. */
export interface StoredEventSummary {
  eventId: string;
  type: string;
  streamPosition: number;
  globalPosition: number;
}

export function summarizeEvents(events: RecordedEvent[]): StoredEventSummary[] {
  return events.map((e) => ({ eventId: e.eventId, type: e.type, streamPosition: e.streamPosition, globalPosition: e.globalPosition }));
}
