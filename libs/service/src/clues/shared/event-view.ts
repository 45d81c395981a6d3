import type { CaseTimelineEventDto, RecordedEvent } from '@cluebus/contracts';
import type { StoredEventJson, Upcaster } from '@cluebus/eventstore';

/**
 * How the read API shows a stored event, in one place for the clue history
 * (GET /v1/clues/:id/history) and the case timeline (GET /v1/cases/:id/timeline): who may see
 * the whistleblower, what of an old event's clear personal data is never shown again.
 */

/** ClueRegistered without its reporter: the history as anyone but the registering department reads it. */
export function withReporterWithheld(e: RecordedEvent): RecordedEvent {
  if (e.type !== 'ClueRegistered' || !('reporter' in e.data)) return e;
  const { reporter: _hidden, ...data } = e.data;
  return { ...e, data: { ...data, reporterWithheld: true } };
}

/**
 * True where the stored bytes hold personal data in clear: ClueRegistered v1 named persons and the
 * reporter before the vault existed (docs/adr/0010). Such an event is shown only upcast (withheld),
 * and so cannot come with a proof: the leaf covers the clear bytes.
 */
export function holdsClearPersonalData(e: Pick<RecordedEvent, 'type' | 'schemaVersion'>): boolean {
  return e.type === 'ClueRegistered' && e.schemaVersion === 1;
}

/**
 * A stored (raw) event as one row of a case timeline. Shown as stored — not upcast — so the leaf
 * can be recomputed over exactly what the reader got; v2 events hold persons and the reporter only
 * as vault tokens and salted commitments, which reveal nobody (the proof API serves them too).
 * An event with clear personal data is shown upcast instead and marked, without a proof.
 */
export function timelineEventView(raw: RecordedEvent, upcaster: Upcaster): CaseTimelineEventDto {
  const clear = holdsClearPersonalData(raw);
  const shown = clear ? upcaster.upcast(raw) : raw;
  const m = shown.metadata;
  return {
    position: shown.globalPosition,
    streamId: shown.streamId,
    streamPosition: shown.streamPosition,
    eventId: shown.eventId,
    type: shown.type,
    schemaVersion: shown.schemaVersion,
    recordedAt: shown.recordedAt,
    occurredAt: m.occurredAt,
    department: m.department,
    actor: m.actor,
    ...(m.legalBasis !== undefined ? { legalBasis: m.legalBasis } : {}),
    causationId: m.causationId,
    correlationId: m.correlationId,
    hash: shown.hash,
    prevHash: shown.prevHash,
    data: shown.data,
    metadata: m,
    ...(clear ? { proofWithheld: 'PERSONAL_DATA_IN_CLEAR' } : {}),
  };
}

/**
 * timelineEventView of an event read with its data and metadata as stored JSON text, serialised:
 * the same JSON value (keys in the same order), with `data` and `metadata` spliced in as text
 * instead of parsed and serialised again. An event with clear personal data is shown upcast, so
 * it alone is parsed and goes through timelineEventView.
 */
export function timelineEventJson(stored: StoredEventJson, upcaster: Upcaster): string {
  const { dataJson, metadataJson, ...envelope } = stored;
  const m = JSON.parse(metadataJson) as RecordedEvent['metadata'];
  if (holdsClearPersonalData(stored)) return JSON.stringify(timelineEventView({ ...envelope, data: JSON.parse(dataJson), metadata: m }, upcaster));
  // Field by field in timelineEventView's order (a unit test holds the two to the same bytes);
  // every string through JSON.stringify, whatever the column promises.
  const q = JSON.stringify;
  return (
    `{"position":${q(stored.globalPosition)},"streamId":${q(stored.streamId)},"streamPosition":${q(stored.streamPosition)},"eventId":${q(stored.eventId)}` +
    `,"type":${q(stored.type)},"schemaVersion":${q(stored.schemaVersion)},"recordedAt":${q(stored.recordedAt)},"occurredAt":${q(m.occurredAt)}` +
    `,"department":${q(m.department)},"actor":${q(m.actor)}${m.legalBasis !== undefined ? `,"legalBasis":${q(m.legalBasis)}` : ''}` +
    `,"causationId":${q(m.causationId)},"correlationId":${q(m.correlationId)},"hash":${q(stored.hash)},"prevHash":${q(stored.prevHash)}` +
    `,"data":${dataJson},"metadata":${metadataJson}}`
  );
}
