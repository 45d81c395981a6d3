import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@cluebus/contracts';
import { canonicalJson, canonicalJsonOfMembers } from './canonical-json';
import { hashedContent } from './hashed-content';

export { hashedContent };

/** SHA-256 is the default; SM3 (GB/T 32905) is selectable for deployments that require 国密. */
export type HashAlgorithm = 'sha256' | 'sm3';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical bytes of an event's hashed content. Serialising is the costly part of hashing an
 * event, so verifiers serialise once and feed the same bytes to the chain hash and the Merkle leaf.
 */
export function eventContentBytes(event: Omit<RecordedEvent, 'prevHash' | 'hash'>): Buffer {
  return Buffer.from(eventContentJson(event), 'utf8');
}

/** The members of hashedContent in canonical (sorted) order; a unit test holds the two to the same keys. */
export const HASHED_CONTENT_KEYS = ['data', 'eventId', 'globalPosition', 'metadata', 'recordedAt', 'schemaVersion', 'streamId', 'streamPosition', 'type'] as const;

/**
 * canonicalJson(hashedContent(event)) as a string: the members are put in their canonical order
 * directly (the encoding is verify's main cost per event); any value that is not plain JSON
 * takes the general way.
 */
export function eventContentJson(event: Omit<RecordedEvent, 'prevHash' | 'hash'>): string {
  const fast = canonicalJsonOfMembers(HASHED_CONTENT_KEYS, [
    event.data,
    event.eventId,
    event.globalPosition,
    event.metadata,
    event.recordedAt,
    event.schemaVersion,
    event.streamId,
    event.streamPosition,
    event.type,
  ]);
  return fast ?? canonicalJson(hashedContent(event));
}

/** hash = H(prevHash bytes ‖ canonical bytes of the event), hex encoded. */
export function chainHash(
  prevHash: string,
  event: Omit<RecordedEvent, 'prevHash' | 'hash'>,
  algorithm: HashAlgorithm = 'sha256',
): string {
  return chainHashFromBytes(prevHash, eventContentBytes(event), algorithm);
}

/** chainHash for content already serialised with eventContentBytes. */
export function chainHashFromBytes(
  prevHash: string,
  contentBytes: Uint8Array,
  algorithm: HashAlgorithm = 'sha256',
): string {
  return createHash(algorithm).update(Buffer.from(prevHash, 'hex')).update(contentBytes).digest('hex');
}
