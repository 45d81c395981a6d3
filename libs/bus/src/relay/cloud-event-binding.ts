import type { EventMetadata } from '@cluebus/contracts';
import { Headers } from '../bus';

/**
 * CloudEvents 1.0, Kafka protocol binding, binary mode (docs/adr/0014): the message value is
 * the event's data (JSON), its attributes are `ce_` headers. The store's envelope that
 * consumers need (metadata, positions, chain hashes) travels as extension attributes, so an
 * event is rebuilt from a message exactly as stored (its hash can be checked).
 */
export const CloudEventHeaders = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  dataschema: 'ce_dataschema',
  contentType: 'content-type',
} as const;

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
const TYPE_PREFIX = 'cn.gov.cluebus.';
const SOURCE_PREFIX = '/departments/';

/** The metadata fields besides department (→ ce_source) and occurredAt (→ ce_time); a new field fails typecheck until named here. */
export const METADATA_EXTENSIONS: { readonly [K in Exclude<keyof EventMetadata, 'department' | 'occurredAt'>]-?: string } = {
  actor: 'ce_actor',
  causationId: 'ce_causationid',
  correlationId: 'ce_correlationid',
  legalBasis: 'ce_legalbasis',
  requestHash: 'ce_requesthash',
};

/** What the store adds: stream position, commit time and the hash chain. The global position keeps its header (Headers.globalPosition). */
export const STORE_EXTENSIONS = {
  streamPosition: 'ce_streamposition',
  recordedAt: 'ce_recordedat',
  prevHash: 'ce_prevhash',
  hash: 'ce_hash',
} as const;

/** `cn.gov.cluebus.ClueTransferred.v1`: the type and its schema version in one attribute. */
export const cloudEventType = (type: string, version: number) => `${TYPE_PREFIX}${type}.v${version}`;

export function parseCloudEventType(ceType: string): { type: string; version: number } | undefined {
  const m = /^cn\.gov\.cluebus\.([A-Za-z]+)\.v(\d+)$/.exec(ceType);
  return m ? { type: m[1], version: Number(m[2]) } : undefined;
}

export const cloudEventSource = (department: string) => `${SOURCE_PREFIX}${department}`;

export function departmentOfSource(source: string): string {
  if (!source.startsWith(SOURCE_PREFIX)) throw new RangeError(`ce_source ${source} is not ${SOURCE_PREFIX}<instance>`);
  return source.slice(SOURCE_PREFIX.length);
}

/** The JSON Schema's $id (libs/contracts/src/events/schemas), served at /v1/schemas/<type>/<version>. */
export const dataSchemaOf = (type: string, version: number) => `urn:cluebus:schema:${type}:v${version}`;

export const isCloudEventMessage = (headers: Record<string, string>) => headers[CloudEventHeaders.specversion] !== undefined;

/** The event id of a message in either layout (the legacy one is read for one release). */
export function eventIdOf(headers: Record<string, string>): string | undefined {
  return headers[CloudEventHeaders.id] ?? headers[Headers.eventId];
}

/** The event type (`ClueTransferred`) of a message in either layout. */
export function eventTypeOf(headers: Record<string, string>): string | undefined {
  const ceType = headers[CloudEventHeaders.type];
  return ceType !== undefined ? (parseCloudEventType(ceType)?.type ?? ceType) : headers[Headers.eventType];
}
