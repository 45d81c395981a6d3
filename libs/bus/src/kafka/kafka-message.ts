import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { BusMessage, DeliveredMessage } from '../bus';

/** A bus message as kafkajs sends it: key = stream id, so one stream's events share a partition. */
export function toKafkaMessage(message: BusMessage): Message {
  return { key: message.key, value: message.value, headers: { ...message.headers } };
}

/**
 * kafkajs hands header values as Buffers, and as an array when a name repeats. The bus contract
 * is one string per name; like Kafka's `Headers.lastHeader()`, the last value wins.
 */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    out[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return out;
}

/** A fetched record as the bus delivers it, under its logical topic name (namespace removed). */
export function fromKafkaMessage(topic: string, partition: number, message: KafkaMessage): DeliveredMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? '',
    // A null value (tombstone) is no event; the handler sees '' and fails to parse it → dead letter.
    value: message.value?.toString('utf8') ?? '',
    headers: decodeHeaders(message.headers),
  };
}

export { messageSize } from '../bus';
