import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@cluebus/contracts';
import { canonicalJson } from './canonical-json';
import type { HashAlgorithm } from './event-hash';

/** What an event's hashed content holds before the log gives it its positions. */
export type UnpositionedContent = Omit<RecordedEvent, 'prevHash' | 'hash' | 'globalPosition' | 'streamPosition'>;

/**
 * An event's canonical content (eventContentJson) cut where its two positions go:
 * `head + globalPosition + middle + streamPosition + tail` is that text, byte for byte.
 *
 * Why: on the concurrent path (docs/adr/0009) the appender knows everything about an event but its
 * positions, and the one sealer — serial, the store's ceiling — hashes every event. Encoding once
 * where the events are (many appender processes) leaves the sealer to splice in two numbers and
 * hash; re-encoding each event in the sealer was ~60 % of its cost. The hash and so every verifier
 * stay as they are: the keys sort as data, eventId, globalPosition, metadata, recordedAt,
 * schemaVersion, streamId, streamPosition, type (HASHED_CONTENT_KEYS), and a number needs no
 * escaping, so the cut is exact.
 */
export interface ContentTemplate {
  head: string;
  middle: string;
  tail: string;
}

export function eventContentTemplate(e: UnpositionedContent): ContentTemplate {
  return {
    head: `{"data":${canonicalJson(e.data)},"eventId":${canonicalJson(e.eventId)},"globalPosition":`,
    middle:
      `,"metadata":${canonicalJson(e.metadata)},"recordedAt":${canonicalJson(e.recordedAt)}` +
      `,"schemaVersion":${canonicalJson(e.schemaVersion)},"streamId":${canonicalJson(e.streamId)},"streamPosition":`,
    tail: `,"type":${canonicalJson(e.type)}}`,
  };
}

/** chainHash of an event whose canonical content is `parts` joined: H(prevHash bytes ‖ their UTF-8 bytes), hex. */
export function chainHashOfParts(prevHash: string, parts: readonly string[], algorithm: HashAlgorithm = 'sha256'): string {
  const h = createHash(algorithm).update(Buffer.from(prevHash, 'hex'));
  for (const part of parts) h.update(part, 'utf8');
  return h.digest('hex');
}
