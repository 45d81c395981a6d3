import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@cluebus/contracts';
import { canonicalBytes } from './canonical-json';
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
  return canonicalBytes(hashedContent(event));
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
