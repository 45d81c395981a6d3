import type { RecordedEvent } from '@cluebus/contracts';

/**
 * The part of a stored event that the chain hash and the Merkle leaf cover: everything but the
 * hashes themselves. A file of its own, with no Node import, so the web console's in-browser
 * proof check (WebCrypto) hashes exactly the same content as the server's verifier.
 */
export function hashedContent(e: Omit<RecordedEvent, 'prevHash' | 'hash'>): unknown {
  return {
    streamId: e.streamId,
    streamPosition: e.streamPosition,
    globalPosition: e.globalPosition,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
  };
}
