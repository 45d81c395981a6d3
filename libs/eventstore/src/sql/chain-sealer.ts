import type { NewEvent, RecordedEvent } from '@cluebus/contracts';
import { chainHash, type HashAlgorithm } from '@cluebus/audit';
import type { AppendResult } from '../event-store';

/**
 * Seals the appends of one commit group onto the chain, in order: stamps stream and global
 * positions, the commit time and the chain hashes, starting from a head, and keeps each
 * stream's version as the group advances it. Both commit paths (fast and locked) use it, so
 * the chain is computed one way.
 */
export class ChainSealer {
  readonly sealed: RecordedEvent[] = [];
  private readonly recordedAt = new Date().toISOString();

  constructor(
    private position: number,
    private prevHash: string,
    private readonly algorithm: HashAlgorithm,
    /** Stream versions known before the group (the locked path probes them). */
    readonly versions = new Map<string, number>(),
  ) {}

  get head(): { position: number; hash: string } {
    return { position: this.position, hash: this.prevHash };
  }

  /** Seals `events` after `version` of their stream and advances the chain. */
  seal(streamId: string, events: NewEvent[], version: number): AppendResult {
    const recorded = events.map((e, i): RecordedEvent => {
      const unsealed = {
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: e.metadata,
        streamId,
        streamPosition: version + 1 + i,
        globalPosition: this.position + 1 + i,
        recordedAt: this.recordedAt,
      };
      const hash = chainHash(this.prevHash, unsealed, this.algorithm);
      const sealed = { ...unsealed, prevHash: this.prevHash, hash };
      this.prevHash = hash;
      return sealed;
    });
    const last = recorded[recorded.length - 1];
    this.position = last.globalPosition;
    this.versions.set(streamId, last.streamPosition);
    this.sealed.push(...recorded);
    return { nextExpectedVersion: last.streamPosition, lastGlobalPosition: last.globalPosition, events: recorded, idempotentReplay: false };
  }
}
