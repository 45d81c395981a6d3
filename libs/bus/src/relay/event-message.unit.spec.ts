import type { RecordedEvent } from '@cluebus/contracts';
import { Headers } from '../bus';
import { eventIdOf, eventTypeOf, parseCloudEventType } from './cloud-event-binding';
import { fromBusMessage, toBusMessage } from './event-message';

const event: RecordedEvent = {
  eventId: '0190f5c2-7a4b-7c3e-9a5f-6b7c8d9e0f10',
  type: 'FindingRecorded',
  schemaVersion: 2,
  data: { clueId: 'c1', by: 'samr:341300', result: 'substantiated', summary: '查实回扣2万元', evidence: [] },
  metadata: {
    department: 'samr:341300',
    actor: '赵调查员',
    occurredAt: '2026-11-10T02:00:00.000Z',
    causationId: '0190f5c2-0000-7000-8000-000000000001',
    correlationId: '0190f5c2-0000-7000-8000-000000000002',
    legalBasis: '《反不正当竞争法》第七条',
    requestHash: 'b'.repeat(64),
  },
  streamId: 'clue-c1',
  streamPosition: 5,
  globalPosition: 42,
  recordedAt: '2026-11-10T02:00:00.012Z',
  prevHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
};

describe('event messages: CloudEvents 1.0 binary mode (docs/adr/0014)', () => {
  it('given a stored event, when made a message, then its attributes are ce_ headers and the value is only its data', () => {
    const message = toBusMessage(event);
    expect(message.key).toBe('clue-c1');
    expect(JSON.parse(message.value)).toEqual(event.data);
    expect(message.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.eventId,
      ce_source: '/departments/samr:341300',
      ce_type: 'cn.gov.cluebus.FindingRecorded.v2',
      ce_time: '2026-11-10T02:00:00.000Z',
      ce_subject: 'clue-c1',
      ce_dataschema: 'urn:cluebus:schema:FindingRecorded:v2',
      'content-type': 'application/json',
      [Headers.globalPosition]: '42',
      ce_streamposition: '5',
      ce_recordedat: event.recordedAt,
      ce_prevhash: event.prevHash,
      ce_hash: event.hash,
      ce_actor: '赵调查员',
      ce_causationid: event.metadata.causationId,
      ce_correlationid: event.metadata.correlationId,
      ce_legalbasis: '《反不正当竞争法》第七条',
      ce_requesthash: event.metadata.requestHash,
    });
  });

  it('given a message in the new layout, when read back, then it is the stored event exactly (metadata, positions, hashes)', () => {
    expect(fromBusMessage(toBusMessage(event))).toEqual(event);
    const { legalBasis: _l, requestHash: _r, ...bare } = event.metadata;
    const withoutOptional = { ...event, metadata: bare };
    expect(fromBusMessage(toBusMessage(withoutOptional))).toEqual(withoutOptional);
  });

  it('given a message in the old layout (store JSON as value, cluebus-* headers), when read, then it is still consumed as the same event', () => {
    const legacy = {
      key: event.streamId,
      value: JSON.stringify(event),
      headers: { [Headers.eventId]: event.eventId, [Headers.eventType]: event.type, [Headers.schemaVersion]: '2', [Headers.globalPosition]: '42', [Headers.streamId]: event.streamId },
    };
    expect(fromBusMessage(legacy)).toEqual(event);
    expect(eventIdOf(legacy.headers)).toBe(event.eventId);
    expect(eventTypeOf(legacy.headers)).toBe('FindingRecorded');
  });

  it('given a new-layout message, when its id and type are read from the headers, then both come from the ce_ attributes', () => {
    const { headers } = toBusMessage(event);
    expect(eventIdOf(headers)).toBe(event.eventId);
    expect(eventTypeOf(headers)).toBe('FindingRecorded');
  });

  it('given a CloudEvent message missing an attribute or of another spec version or type, when read, then it fails naming what is wrong', () => {
    const message = toBusMessage(event);
    const { ce_hash: _h, ...noHash } = message.headers;
    expect(() => fromBusMessage({ ...message, headers: noHash })).toThrow('CloudEvent message without the ce_hash header');
    expect(() => fromBusMessage({ ...message, headers: { ...message.headers, ce_specversion: '0.3' } })).toThrow('CloudEvents 0.3 is not supported');
    expect(() => fromBusMessage({ ...message, headers: { ...message.headers, ce_type: 'com.example.Other' } })).toThrow('ce_type com.example.Other is not cn.gov.cluebus.<Type>.v<n>');
    expect(() => fromBusMessage({ ...message, headers: { ...message.headers, ce_source: 'samr' } })).toThrow('ce_source samr is not /departments/<instance>');
    expect(parseCloudEventType('cn.gov.cluebus.ClueRegistered.v12')).toEqual({ type: 'ClueRegistered', version: 12 });
  });
});
