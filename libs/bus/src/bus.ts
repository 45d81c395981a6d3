import { DEPARTMENT_CODES } from '@cluebus/contracts';

/** A message on the bus. Kafka is the production transport; the in-process one serves standalone. */
export interface BusMessage {
  /** Partitioning key: the stream id, so one clue's events keep their order. */
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface DeliveredMessage extends BusMessage {
  topic: string;
  partition: number;
  offset: string;
}

export type MessageHandler = (message: DeliveredMessage) => Promise<void>;

/** Handles one fetched batch of a partition, in offset order; resolving commits them all. */
export type BatchHandler = (messages: DeliveredMessage[]) => Promise<void>;

export interface BusSubscription {
  stop(): Promise<void>;
  /** Messages on this member's partitions not handled yet, as of the last fetch (0 when unknown). */
  lag?(): number;
}

/** The port; adapters: kafka (kafkajs), in-process. */
export interface Bus {
  ensureTopics(topics: string[]): Promise<void>;
  publish(topic: string, messages: BusMessage[]): Promise<void>;
  /** Consume `topic` as consumer group `groupId`; at-least-once, in order per key. */
  subscribe(topic: string, groupId: string, handler: MessageHandler): Promise<BusSubscription>;
  /**
   * The same, a batch at a time (a batch holds messages of one partition, in order): lets a
   * consumer apply a whole fetch in one database transaction.
   */
  subscribeBatches(topic: string, groupId: string, handler: BatchHandler): Promise<BusSubscription>;
  close(): Promise<void>;
}

export const BUS = Symbol('BUS');

/** Topic names are part of the public contract. */
export const Topics = {
  allEvents: 'cluebus.events',
  department: (code: string) => `cluebus.dept.${code}`,
  deadLetter: 'cluebus.dlq',
} as const;

/** Bytes of a message on the wire, near enough: key, value, headers and their framing. */
export function messageSize(message: BusMessage): number {
  let size = Buffer.byteLength(message.key) + Buffer.byteLength(message.value) + 64;
  for (const [k, v] of Object.entries(message.headers)) size += Buffer.byteLength(k) + Buffer.byteLength(v) + 8;
  return size;
}

/** Every topic of the contract: services create the missing ones at start (auto-create is off). */
export const CONTRACT_TOPICS: readonly string[] = [Topics.allEvents, Topics.deadLetter, ...DEPARTMENT_CODES.map(Topics.department)];

/**
 * Our own header names. An event message is a CloudEvent (relay/cloud-event-binding.ts) plus
 * `globalPosition`; eventId, eventType, schemaVersion and streamId are the legacy layout, no
 * longer written and still read for one release (docs/adr/0014). The dlq ones mark a parked message.
 */
export const Headers = {
  eventId: 'cluebus-event-id',
  eventType: 'cluebus-event-type',
  schemaVersion: 'cluebus-schema-version',
  globalPosition: 'cluebus-global-position',
  streamId: 'cluebus-stream-id',
  error: 'cluebus-dlq-error',
  originalTopic: 'cluebus-dlq-original-topic',
  consumerGroup: 'cluebus-dlq-consumer-group',
  attempts: 'cluebus-dlq-attempts',
} as const;
