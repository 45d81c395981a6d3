import type { RecordedEvent } from '@cluebus/contracts';
import { eventLeafHash, verifyConsistency, verifyInclusion, type Checkpoint, type EventInclusionProof } from '@cluebus/audit';
import type { SqlExecutor } from '../sql/sql-client';
import { checkpointLog } from './checkpoint-log';
import { merkleNodeStore } from './merkle-node-store';
import { consistencyRanges, inclusionRanges, rangeRoot } from './merkle-nodes';
import { readRawEvent } from './raw-log-reader';

/** Something asked for is not there (yet): an unknown event, no such checkpoint, not covered yet. */
export class AuditNotFoundError extends Error {
  constructor(
    readonly code: 'EVENT_NOT_FOUND' | 'CHECKPOINT_NOT_FOUND' | 'NOT_YET_CHECKPOINTED',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'AuditNotFoundError';
  }
}

/** A request that cannot have an answer (sizes the wrong way round, …). */
export class AuditRequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'AuditRequestError';
  }
}

/**
 * The stored data does not reproduce a signed root: the events or the stored Merkle nodes were
 * changed after signing. Nothing is handed out; `verify` finds where.
 */
export class AuditIntegrityError extends Error {
  readonly code = 'INTEGRITY_FAILURE';
  constructor(message: string) {
    super(message);
    this.name = 'AuditIntegrityError';
  }
}

/** Everything an outside verifier needs for one event, besides the signer's public key. */
export interface EventProofBundle {
  /** The event exactly as stored (no upcasting): the leaf is computed over these bytes. */
  event: RecordedEvent;
  proof: EventInclusionProof;
  checkpoint: Checkpoint;
}

/**
 * Inclusion proof of an event in a signed checkpoint: the one of `treeSize`, or the newest. Built
 * from the stored Merkle nodes (O(log² n) rows, no rereading of the log), and checked against the
 * signed root before it is returned.
 */
export async function proveEventInclusion(sql: SqlExecutor, eventId: string, treeSize?: number): Promise<EventProofBundle> {
  const event = await readRawEvent(sql, eventId);
  if (!event) throw new AuditNotFoundError('EVENT_NOT_FOUND', 'eventId', `no event ${eventId}`);
  const checkpoint = treeSize === undefined ? await checkpointLog.latest(sql) : await checkpointLog.atSize(sql, treeSize);
  if (!checkpoint) {
    throw treeSize === undefined
      ? new AuditNotFoundError('NOT_YET_CHECKPOINTED', 'eventId', `no checkpoint has been signed yet; event ${eventId} is at position ${event.globalPosition}`)
      : new AuditNotFoundError('CHECKPOINT_NOT_FOUND', 'treeSize', `no checkpoint of size ${treeSize}`);
  }
  if (checkpoint.treeSize < event.globalPosition) {
    throw treeSize === undefined
      ? new AuditNotFoundError(
          'NOT_YET_CHECKPOINTED',
          'eventId',
          `event ${eventId} is at position ${event.globalPosition}, after the newest checkpoint (size ${checkpoint.treeSize}); retry after the next one`,
        )
      : new AuditRequestError('treeSize', `the checkpoint of size ${treeSize} does not cover position ${event.globalPosition}`);
  }
  const index = event.globalPosition - 1;
  const ranges = inclusionRanges(index, checkpoint.treeSize);
  const nodes = await merkleNodeStore.forRanges(sql, ranges);
  let path: Buffer[];
  try {
    path = ranges.map((r) => rangeRoot(r, nodes, checkpoint.algorithm));
  } catch (error) {
    throw new AuditIntegrityError(`cannot build the proof: ${(error as Error).message}`);
  }
  const leaf = eventLeafHash(event, checkpoint.algorithm);
  if (!verifyInclusion(leaf, index, checkpoint.treeSize, path, Buffer.from(checkpoint.rootHash, 'hex'), checkpoint.algorithm)) {
    throw new AuditIntegrityError(
      `event ${eventId} at position ${event.globalPosition} does not lead to the signed root of checkpoint ${checkpoint.treeSize}: the event or the stored tree was changed after signing`,
    );
  }
  return {
    event,
    proof: { leafIndex: index, treeSize: checkpoint.treeSize, algorithm: checkpoint.algorithm, auditPath: path.map((h) => h.toString('hex')) },
    checkpoint,
  };
}

export interface ConsistencyBundle {
  from: Checkpoint;
  to: Checkpoint;
  /** RFC 6962 consistency proof from from.treeSize to to.treeSize, lowercase hex. */
  proof: string[];
}

/** Proof that the checkpoint of size `to` extends the one of size `from` (append-only). */
export async function proveCheckpointConsistency(sql: SqlExecutor, fromSize: number, toSize: number): Promise<ConsistencyBundle> {
  if (fromSize > toSize) throw new AuditRequestError('from', `from (${fromSize}) must not exceed to (${toSize})`);
  const [from, to] = await Promise.all([checkpointLog.atSize(sql, fromSize), checkpointLog.atSize(sql, toSize)]);
  if (!from) throw new AuditNotFoundError('CHECKPOINT_NOT_FOUND', 'from', `no checkpoint of size ${fromSize}`);
  if (!to) throw new AuditNotFoundError('CHECKPOINT_NOT_FOUND', 'to', `no checkpoint of size ${toSize}`);
  if (from.algorithm !== to.algorithm) throw new AuditRequestError('to', 'the checkpoints use different hash algorithms');
  const ranges = consistencyRanges(fromSize, toSize);
  const nodes = await merkleNodeStore.forRanges(sql, ranges);
  let proof: Buffer[];
  try {
    proof = ranges.map((r) => rangeRoot(r, nodes, to.algorithm));
  } catch (error) {
    throw new AuditIntegrityError(`cannot build the proof: ${(error as Error).message}`);
  }
  if (!verifyConsistency(fromSize, toSize, proof, Buffer.from(from.rootHash, 'hex'), Buffer.from(to.rootHash, 'hex'), to.algorithm)) {
    throw new AuditIntegrityError(`the stored tree does not prove checkpoint ${toSize} extends checkpoint ${fromSize}`);
  }
  return { from, to, proof: proof.map((h) => h.toString('hex')) };
}

/** Inclusion proofs of many events against one checkpoint (a case timeline with proof=true). */
export interface EventsProofBundle {
  /** The newest signed checkpoint; undefined while none is signed. */
  checkpoint?: Checkpoint;
  /** By global position: a proof for every given event the checkpoint covers; later ones have none. */
  proofs: Map<number, EventInclusionProof>;
}

/**
 * Proves each of `events` (as stored, raw) in the newest checkpoint with one read of the stored
 * Merkle nodes for all of them — a per-event proveEventInclusion would cost two queries an event.
 * Each proof is checked against the signed root before it is handed out, as for one event.
 */
export async function proveEventsInclusion(sql: SqlExecutor, events: readonly RecordedEvent[]): Promise<EventsProofBundle> {
  const checkpoint = await checkpointLog.latest(sql);
  const proofs = new Map<number, EventInclusionProof>();
  if (!checkpoint) return { proofs };
  const covered = events.filter((e) => e.globalPosition <= checkpoint.treeSize);
  const rangesOf = covered.map((e) => inclusionRanges(e.globalPosition - 1, checkpoint.treeSize));
  const nodes = await merkleNodeStore.forRanges(sql, rangesOf.flat());
  const root = Buffer.from(checkpoint.rootHash, 'hex');
  covered.forEach((event, i) => {
    const index = event.globalPosition - 1;
    let path: Buffer[];
    try {
      path = rangesOf[i].map((r) => rangeRoot(r, nodes, checkpoint.algorithm));
    } catch (error) {
      throw new AuditIntegrityError(`cannot build the proof: ${(error as Error).message}`);
    }
    if (!verifyInclusion(eventLeafHash(event, checkpoint.algorithm), index, checkpoint.treeSize, path, root, checkpoint.algorithm)) {
      throw new AuditIntegrityError(
        `event ${event.eventId} at position ${event.globalPosition} does not lead to the signed root of checkpoint ${checkpoint.treeSize}: the event or the stored tree was changed after signing`,
      );
    }
    proofs.set(event.globalPosition, { leafIndex: index, treeSize: checkpoint.treeSize, algorithm: checkpoint.algorithm, auditPath: path.map((h) => h.toString('hex')) });
  });
  return { checkpoint, proofs };
}
