import type { KafkaMessage } from 'kafkajs';
import { Headers } from '../bus';
import { toBusMessage } from '../relay/event-message';
import { decodeHeaders, fromKafkaMessage, messageSize, toKafkaMessage } from './kafka-message';

const event = {
  eventId: '0190f5c2-7a4b-7c3e-9a5f-6b7c8d9e0f10',
  type: 'ClueTransferred',
  schemaVersion: 2,
  data: { clueId: 'c1', to: ['samr:341300'] },
  metadata: { department: 'nhc:341300', actor: '王科员', occurredAt: '2026-01-01T00:00:00.000Z', causationId: 'x', correlationId: 'x' },
  streamId: 'clue-c1',
  streamPosition: 1,
  globalPosition: 42,
  recordedAt: '2026-01-01T00:00:00.000Z',
  prevHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
};

/** What kafkajs hands a consumer for a record the producer sent (values as Buffers). */
function asFetched(m: ReturnType<typeof toKafkaMessage>, offset: string): KafkaMessage {
  const headers: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = Buffer.from(String(v));
  return { key: Buffer.from(String(m.key)), value: Buffer.from(String(m.value)), headers, offset, timestamp: '0', attributes: 0 };
}

describe('kafka message mapping', () => {
  it('given an event message, when mapped to kafkajs and back, then key, value, headers survive byte for byte', () => {
    // given
    const message = toBusMessage(event);
    // when
    const sent = toKafkaMessage(message);
    const delivered = fromKafkaMessage('cluebus.dept.samr', 2, asFetched(sent, '17'));
    // then
    expect(sent.key).toBe('clue-c1');
    expect(delivered).toEqual({ ...message, topic: 'cluebus.dept.samr', partition: 2, offset: '17' });
    expect(delivered.headers).toMatchObject({
      ce_id: event.eventId,
      ce_type: 'cn.gov.cluebus.ClueTransferred.v2',
      ce_subject: 'clue-c1',
      ce_actor: '王科员',
      [Headers.globalPosition]: '42',
    });
    expect(JSON.parse(delivered.value)).toEqual(event.data);
  });

  it('given a repeated header, when decoded, then the last value wins (Kafka lastHeader)', () => {
    expect(decodeHeaders({ a: [Buffer.from('1'), Buffer.from('2')], b: 'plain', c: undefined })).toEqual({ a: '2', b: 'plain' });
  });

  it('given a tombstone without key, when delivered, then key and value are empty strings', () => {
    const tombstone: KafkaMessage = { key: null, value: null, headers: {}, offset: '3', timestamp: '0', attributes: 0 };
    expect(fromKafkaMessage('t', 0, tombstone)).toEqual({ topic: 't', partition: 0, offset: '3', key: '', value: '', headers: {} });
  });

  it('given the sent message, when sized, then multibyte characters count in bytes', () => {
    const ascii = messageSize({ key: 'k', value: 'ab', headers: {} });
    expect(messageSize({ key: 'k', value: '王科', headers: {} })).toBe(ascii + 4);
  });

  it('given a bus message, when mapped, then the headers object is a copy (a later change does not leak)', () => {
    const message = toBusMessage(event);
    const sent = toKafkaMessage(message);
    message.headers.extra = 'x';
    expect(sent.headers).not.toHaveProperty('extra');
  });
});
