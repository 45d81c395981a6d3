import type {
  AccessLogDto,
  AuditStatusDto,
  CheckpointDto,
  ConsistencyProofDto,
  EventProofDto,
  PublicKeysDto,
  VerifyLogDto,
} from '../contract-types';
import { type CluebusHttp, seg } from '../http-transport';
import { verifyEventProof, type EventVerdict, type PinnedKey } from '../verify-event';

export interface VerifyEventOptions {
  /** The auditors' pinned Ed25519 public key (SPKI PEM or a KeyObject): never the copy the server sends. */
  publicKey: PinnedKey;
  /** Prove against the checkpoint of this size (default: the newest one covering the event). */
  treeSize?: number;
}

/** 审计: signed checkpoints, inclusion and consistency proofs, the access log (`/v1/audit`). */
export class AuditClient {
  constructor(private readonly http: CluebusHttp) {}

  /** getLatestCheckpoint */
  latestCheckpoint() {
    return this.http.get<CheckpointDto>('/v1/audit/checkpoints/latest');
  }
  /** getCheckpoint — the checkpoint covering exactly `treeSize` events */
  checkpoint(treeSize: number) {
    return this.http.get<CheckpointDto>(`/v1/audit/checkpoints/${seg(treeSize)}`);
  }
  /** getAuditPublicKeys — for information: pin the key out of band. */
  publicKeys() {
    return this.http.get<PublicKeysDto>('/v1/audit/public-key');
  }
  /** getEventProof — the event as stored, its inclusion proof and the checkpoint. */
  eventProof(eventId: string, options: { treeSize?: number } = {}) {
    return this.http.get<EventProofDto>(`/v1/audit/events/${seg(eventId)}/proof`, { treeSize: options.treeSize });
  }
  /** getConsistencyProof — the later checkpoint's tree extends the earlier one's. */
  consistency(from: number, to: number) {
    return this.http.get<ConsistencyProofDto>('/v1/audit/consistency', { from, to });
  }
  /** getAuditStatus */
  status() {
    return this.http.get<AuditStatusDto>('/v1/audit/status');
  }
  /** verifyLog — the service re-verifies its whole store (chain and checkpoints). */
  verifyLog() {
    return this.http.postSafe<VerifyLogDto>('/v1/audit/verify');
  }
  /** getAccessLog — who read what (auditors' and investigators' reads are themselves logged). */
  accessLog(options: { role?: 'auditor' | 'investigator'; after?: number } = {}) {
    return this.http.get<AccessLogDto>('/v1/access-log', { ...options });
  }

  /**
   * Checks here, trusting nothing the server says about itself: fetches the event's proof and,
   * separately, the checkpoint of that size; both copies of the checkpoint must agree, it must be
   * signed by the pinned key, and the leaf recomputed from the event's content must lead to the
   * signed root (RFC 6962). A `false` verdict names the first check that failed.
   */
  async verifyEvent(eventId: string, options: VerifyEventOptions): Promise<EventVerdict> {
    const proof = await this.eventProof(eventId, { treeSize: options.treeSize });
    const published = await this.checkpoint(proof.checkpoint.treeSize);
    return verifyEventProof(eventId, proof, published, options.publicKey);
  }
}
