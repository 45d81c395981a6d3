import { Headers } from '../bus';
import { type DeadLetterRecord, readDeadLetterLog, ReplayHeaders, replayMarker, replayMessage, selectForReplay } from './dead-letter-log';

const parked = (partition: number, offset: string, eventId: string, group: string): DeadLetterRecord => ({
  partition,
  offset,
  timestamp: '2026-01-01T00:00:00.000Z',
  key: `clue-${eventId}`,
  value: `{"eventId":"${eventId}"}`,
  headers: {
    [Headers.eventId]: eventId,
    [Headers.eventType]: 'ClueTransferred',
    [Headers.globalPosition]: '7',
    [Headers.error]: 'Error: boom',
    [Headers.originalTopic]: 'cluebus.dept.samr',
    [Headers.consumerGroup]: group,
    [Headers.attempts]: '3',
  },
});

describe('dead-letter log', () => {
  const records = [parked(0, '0', 'e1', 'cluebus-inbox-samr'), parked(1, '0', 'e2', 'cluebus-inbox-sta'), parked(0, '1', 'e3', 'cluebus-inbox-samr')];

  it('given parked records, when read, then each is an entry with its error, group and original topic', () => {
    const entries = readDeadLetterLog(records);
    expect(entries.map((e) => e.id)).toEqual(['0:0', '0:1', '1:0']);
    expect(entries[0]).toMatchObject({ eventId: 'e1', group: 'cluebus-inbox-samr', originalTopic: 'cluebus.dept.samr', error: 'Error: boom', attempts: 3, replayedAt: [] });
  });

  it('given a parked CloudEvent (the new layout), when read, then its event id and type come from ce_id and ce_type', () => {
    const { [Headers.eventId]: _id, [Headers.eventType]: _type, ...dlq } = parked(0, '5', 'e9', 'cluebus-inbox-samr').headers;
    const record = { ...parked(0, '5', 'e9', 'cluebus-inbox-samr'), headers: { ...dlq, ce_specversion: '1.0', ce_id: 'e9', ce_type: 'cn.gov.cluebus.ClueTransferred.v1' } };
    expect(readDeadLetterLog([record])[0]).toMatchObject({ eventId: 'e9', eventType: 'ClueTransferred', group: 'cluebus-inbox-samr' });
    expect(replayMessage(readDeadLetterLog([record])[0]).headers).toEqual({ [Headers.globalPosition]: '7', ce_specversion: '1.0', ce_id: 'e9', ce_type: 'cn.gov.cluebus.ClueTransferred.v1' });
  });

  it('given a replay marker, when read, then the entry it points at shows as replayed and the marker is no entry', () => {
    const marker = { ...replayMarker(readDeadLetterLog(records)[0], new Date('2026-02-02T00:00:00Z')), partition: 2, offset: '0', timestamp: '0' };
    const entries = readDeadLetterLog([...records, marker]);
    expect(entries).toHaveLength(3);
    expect(entries.find((e) => e.id === '0:0')!.replayedAt).toEqual(['2026-02-02T00:00:00.000Z']);
    expect(marker.headers[ReplayHeaders.replayOf]).toBe('0:0');
  });

  it('given filters, when selecting for replay, then only matching, still-parked entries are chosen unless again', () => {
    const marker = { ...replayMarker(readDeadLetterLog(records)[0], new Date()), partition: 2, offset: '0', timestamp: '0' };
    const entries = readDeadLetterLog([...records, marker]);
    expect(selectForReplay(entries, { group: 'cluebus-inbox-samr' }).map((e) => e.eventId)).toEqual(['e3']);
    expect(selectForReplay(entries, { group: 'cluebus-inbox-samr', again: true }).map((e) => e.eventId)).toEqual(['e1', 'e3']);
    expect(selectForReplay(entries, { eventId: 'e2' }).map((e) => e.eventId)).toEqual(['e2']);
    expect(selectForReplay(entries, { all: true }).map((e) => e.eventId)).toEqual(['e3', 'e2']);
  });

  it('given no filter, when selecting for replay, then it refuses (no accidental replay of everything)', () => {
    expect(() => selectForReplay(readDeadLetterLog(records), {})).toThrow(/--group, --event-id or --all/);
  });

  it('given an entry, when replayed, then key, value and the original headers go back without the dead-letter headers', () => {
    const message = replayMessage(readDeadLetterLog(records)[0]);
    expect(message).toEqual({
      key: 'clue-e1',
      value: '{"eventId":"e1"}',
      headers: { [Headers.eventId]: 'e1', [Headers.eventType]: 'ClueTransferred', [Headers.globalPosition]: '7' },
    });
  });

  it('given a transfer parked and its acknowledgement parked behind it, when the transfer is replayed by event id, then the acknowledgement goes back with it, after it', () => {
    const onStream = (offset: string, eventId: string, key: string): DeadLetterRecord => ({ ...parked(0, offset, eventId, 'cluebus-inbox-samr'), key });
    const entries = readDeadLetterLog([onStream('0', 'transferred', 'clue-1'), onStream('1', 'other-clue', 'clue-2'), onStream('2', 'acknowledged', 'clue-1')]);
    expect(selectForReplay(entries, { eventId: 'transferred' }).map((e) => e.eventId)).toEqual(['transferred', 'acknowledged']);
  });
});
