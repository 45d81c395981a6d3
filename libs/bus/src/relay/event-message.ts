import type { EventMetadata, RecordedEvent } from '@cluebus/contracts';
import { type BusMessage, Headers } from '../bus';
import {
  CLOUDEVENTS_SPEC_VERSION,
  CloudEventHeaders as CE,
  cloudEventSource,
  cloudEventType,
  dataSchemaOf,
  departmentOfSource,
  isCloudEventMessage,
  METADATA_EXTENSIONS,
  parseCloudEventType,
  STORE_EXTENSIONS as STORE,
} from './cloud-event-binding';

/** A stored event as a CloudEvent in binary mode: attributes in headers, the data as the value; key = stream id. */
export function toBusMessage(event: RecordedEvent): BusMessage {
  const headers: Record<string, string> = {
    [CE.specversion]: CLOUDEVENTS_SPEC_VERSION,
    [CE.id]: event.eventId,
    [CE.source]: cloudEventSource(event.metadata.department),
    [CE.type]: cloudEventType(event.type, event.schemaVersion),
    [CE.time]: event.metadata.occurredAt,
    [CE.subject]: event.streamId,
    [CE.dataschema]: dataSchemaOf(event.type, event.schemaVersion),
    [CE.contentType]: 'application/json',
    [Headers.globalPosition]: String(event.globalPosition),
    [STORE.streamPosition]: String(event.streamPosition),
    [STORE.recordedAt]: event.recordedAt,
    [STORE.prevHash]: event.prevHash,
    [STORE.hash]: event.hash,
  };
  for (const [field, header] of Object.entries(METADATA_EXTENSIONS)) {
    const value = event.metadata[field as keyof EventMetadata];
    if (value !== undefined) headers[header] = value;
  }
  return { key: event.streamId, value: JSON.stringify(event.data), headers };
}

/**
 * The stored event a message carries, in either layout: CloudEvents (docs/adr/0014) or, for one
 * release, the legacy one (the store's JSON as the value) still on the topics and in dead letters.
 */
export function fromBusMessage(message: BusMessage): RecordedEvent {
  if (!isCloudEventMessage(message.headers)) return JSON.parse(message.value) as RecordedEvent;
  const h = message.headers;
  const need = (name: string): string => {
    const value = h[name];
    if (value === undefined) throw new TypeError(`CloudEvent message without the ${name} header`);
    return value;
  };
  const specversion = need(CE.specversion);
  if (specversion !== CLOUDEVENTS_SPEC_VERSION) throw new TypeError(`CloudEvents ${specversion} is not supported (only ${CLOUDEVENTS_SPEC_VERSION})`);
  const type = parseCloudEventType(need(CE.type));
  if (!type) throw new TypeError(`ce_type ${h[CE.type]} is not cn.gov.cluebus.<Type>.v<n>`);
  const metadata: Record<string, string> = { department: departmentOfSource(need(CE.source)) };
  for (const [field, header] of Object.entries(METADATA_EXTENSIONS)) if (h[header] !== undefined) metadata[field] = h[header];
  metadata.occurredAt = need(CE.time);
  return {
    eventId: need(CE.id),
    type: type.type,
    schemaVersion: type.version,
    data: JSON.parse(message.value) as Record<string, unknown>,
    metadata: metadata as unknown as EventMetadata,
    streamId: need(CE.subject),
    streamPosition: Number(need(STORE.streamPosition)),
    globalPosition: Number(need(Headers.globalPosition)),
    recordedAt: need(STORE.recordedAt),
    prevHash: need(STORE.prevHash),
    hash: need(STORE.hash),
  };
}
