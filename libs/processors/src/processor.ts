import type { DeliveredMessage } from '@cluebus/bus';
import type { Fence } from './lease';
import type { ParkingLot } from './parking/parking-lot';

/**
 * A processor is declared once, as data: its name, its kind, what it reads and its handler.
 * The ProcessorHost starts those a process's configuration enables.
 *
 * - `group`: a Kafka consumer group member; any number of processes share the topic's
 *   partitions (scale-out). Handed one fetched batch at a time, in order per partition.
 * - `singleton`: runs in exactly one process at a time, behind a lease (relay, checkpointer,
 *   schedulers); the other processes stand by and take over when the holder dies.
 */
export type Processor = GroupProcessor | SingletonProcessor;

export interface GroupProcessor {
  kind: 'group';
  /** Unique per host; also names the consumer group unless `group` is given. */
  name: string;
  topic: string;
  /** Consumer group id (default `cluebus-<name>`). One group consumes exactly one topic: see ProcessorHost. */
  group?: string;
  /** Prepares what the handler needs (schema); runs once before the subscription. */
  init?(): Promise<void>;
  /**
   * Applies one batch. Resolving means every message's effect is committed; the offsets are
   * committed afterwards. Throwing a non-transient error makes the host apply the batch one
   * message at a time through `handleOne`, parking the failing message on the dead-letter topic.
   */
  handleBatch(messages: DeliveredMessage[]): Promise<BatchResult>;
  handleOne(message: DeliveredMessage): Promise<BatchResult>;
  /**
   * Where parked streams are remembered: with one, a message whose stream has a parked message
   * is parked behind it, and a replay releases them in order. Without, parking is per message.
   */
  parking?: ParkingLot;
}

/** What a batch did: effects run for new events, redeliveries the dedup absorbed. */
export interface BatchResult {
  applied: number;
  duplicates: number;
}

export interface SingletonProcessor {
  kind: 'singleton';
  name: string;
  /** Lease name (default: the processor's name). Processes that share it share one active instance. */
  lease?: string;
  /**
   * Starts the work as the lease's holder. Every write of its position must pass
   * `fence.check(tx)` inside the same transaction, so a holder that lost the lease (paused past
   * it, or cut off from the database) can never move a position back or write twice.
   */
  start(fence: Fence): Promise<RunningSingleton>;
}

export interface RunningSingleton {
  stop(): Promise<void>;
  /** A few numbers for /health (position, lag…). */
  status?(): Record<string, unknown>;
}

export type ProcessorState = 'starting' | 'running' | 'active' | 'standby' | 'stopped';

export interface ProcessorStatus {
  name: string;
  kind: Processor['kind'];
  state: ProcessorState;
  topic?: string;
  group?: string;
  lease?: { name: string; token?: number };
  applied?: number;
  duplicates?: number;
  deadLettered?: number;
  /** Messages parked only because an earlier message of their stream is parked. */
  parkedBehind?: number;
  /** Group: messages on this member's partitions not handled yet (as of its last fetch). */
  lag?: number;
  detail?: Record<string, unknown>;
}

export const groupIdOf = (p: GroupProcessor) => p.group ?? `cluebus-${p.name}`;
