import { WrongExpectedVersionError as ClientWrongExpectedVersionError, StreamNotFoundError } from '@eventstore/db-client';
import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { NewEvent } from '@cluebus/contracts';
import { WrongExpectedVersionError } from '../errors';
import {
  CLUEBUS_METADATA_KEY,
  fromRecordedEvent,
  isClientWrongExpectedVersion,
  isSystemEvent,
  toActualVersion,
  toEventData,
  toExpectedRevision,
  toGlobalPosition,
  toReadPosition,
  toWrongExpectedVersion,
  withoutAppendId,
} from './esdb-mapping';

const newEvent: NewEvent = {
  eventId: '0190f5b2-7c1e-7a00-8000-000000000001',
  type: 'ClueTransferred',
  schemaVersion: 3,
  data: { to: 'mps:110000', note: '线索移交 🚨' },
  metadata: {
    department: 'samr:341300',
    actor: '张三',
    occurredAt: '2026-11-23T08:00:00.000Z',
    causationId: 'c-1',
    correlationId: 'k-1',
    legalBasis: '监察法第三十四条',
  },
};

/** What the client hands back for an event the adapter wrote (JSON parsed, like the real client). */
function recorded(over: Partial<EsdbRecordedEvent> = {}): EsdbRecordedEvent {
  const written = toEventData(newEvent, 'append-1');
  return {
    streamId: 'clue-1',
    id: written.id,
    isJson: true,
    revision: 4n,
    type: written.type,
    created: new Date('2026-11-23T08:00:01.234Z'),
    data: JSON.parse(JSON.stringify(written.data)),
    metadata: JSON.parse(JSON.stringify(written.metadata)),
    position: { commit: 123_456n, prepare: 123_456n },
    ...over,
  } as EsdbRecordedEvent;
}

describe('esdb mapping', () => {
  describe('expected version → expected revision', () => {
    it('given the named versions, then they map to the client constants', () => {
      expect(toExpectedRevision('any')).toBe('any');
      expect(toExpectedRevision('no-stream')).toBe('no_stream');
      expect(toExpectedRevision('stream-exists')).toBe('stream_exists');
    });

    it('given a revision, then it maps to a bigint; -1 means no stream, as in the SQL store', () => {
      expect(toExpectedRevision(0)).toBe(0n);
      expect(toExpectedRevision(41)).toBe(41n);
      expect(toExpectedRevision(-1)).toBe('no_stream');
    });

    it('given a revision below -1, fractional or not a number, then it is refused before reaching the server', () => {
      for (const bad of [-2, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) expect(() => toExpectedRevision(bad)).toThrow(RangeError);
    });
  });

  describe('wrong expected version', () => {
    it("given the client's error with a current revision, then ours carries the stream, what we expected and the actual version", () => {
      const clientError = new ClientWrongExpectedVersionError(undefined, { streamName: 'clue-1', expected: 2n, current: 5n });
      expect(isClientWrongExpectedVersion(clientError)).toBe(true);
      const ours = toWrongExpectedVersion(clientError, 'clue-1', 2);
      expect(ours).toBeInstanceOf(WrongExpectedVersionError);
      expect(ours.code).toBe('WRONG_EXPECTED_VERSION');
      expect(ours.streamId).toBe('clue-1');
      expect(ours.expected).toBe(2);
      expect(ours.actual).toBe(5);
    });

    it("given the client's error for a missing stream, then actual is -1", () => {
      const clientError = new ClientWrongExpectedVersionError(undefined, { streamName: 'clue-1', expected: 'stream_exists', current: 'no_stream' });
      expect(toWrongExpectedVersion(clientError, 'clue-1', 'stream-exists').actual).toBe(-1);
    });

    it('given other errors, then they are not taken for a version conflict', () => {
      expect(isClientWrongExpectedVersion(new StreamNotFoundError(undefined, 'x'))).toBe(false);
      expect(isClientWrongExpectedVersion(new Error('wrong-expected-version'))).toBe(false);
      expect(isClientWrongExpectedVersion(undefined)).toBe(false);
    });

    it('given the forms a current revision can take, then the actual version is a number', () => {
      expect(toActualVersion(7n)).toBe(7);
      expect(toActualVersion('7')).toBe(7);
      expect(toActualVersion('no_stream')).toBe(-1);
      expect(toActualVersion(undefined)).toBe(-1);
    });
  });

  describe('events', () => {
    it('given a new event, then it becomes a JSON event with our id and type, data as is, and the envelope in the metadata', () => {
      const data = toEventData(newEvent, 'append-1');
      expect(data).toMatchObject({ id: newEvent.eventId, type: 'ClueTransferred', contentType: 'application/json', data: newEvent.data });
      expect(data.metadata).toEqual({
        ...newEvent.metadata,
        $correlationId: 'k-1',
        $causationId: 'c-1',
        [CLUEBUS_METADATA_KEY]: { v: 1, schemaVersion: 3, appendId: 'append-1' },
      });
    });

    it('given what the client reads back, then the event is ours again, positions as numbers, recordedAt from created', () => {
      const decoded = fromRecordedEvent(recorded())!;
      expect(decoded).toEqual({
        ...newEvent,
        streamId: 'clue-1',
        streamPosition: 4,
        globalPosition: 123_456,
        recordedAt: '2026-11-23T08:00:01.234Z',
        appendId: 'append-1',
      });
      expect(withoutAppendId(decoded)).not.toHaveProperty('appendId');
    });

    it('given system events ($-streams, $-types) or events without our envelope, then they are not part of the cluebus log', () => {
      expect(fromRecordedEvent(recorded({ streamId: '$stats-127.0.0.1:2113' }))).toBeUndefined();
      expect(fromRecordedEvent(recorded({ type: '$metadata' }))).toBeUndefined();
      expect(fromRecordedEvent(recorded({ metadata: { other: 'writer' } }))).toBeUndefined();
      expect(fromRecordedEvent(recorded({ metadata: undefined }))).toBeUndefined();
      expect(fromRecordedEvent(undefined)).toBeUndefined();
      expect(isSystemEvent({ streamId: '$all', type: 'X' })).toBe(true);
      expect(isSystemEvent({ streamId: 'clue-1', type: 'ClueRegistered' })).toBe(false);
    });

    it('given a cluebus event that cannot be decoded, then reading fails loudly rather than dropping it', () => {
      expect(() => fromRecordedEvent(recorded({ isJson: false, data: new Uint8Array([1]) } as never))).toThrow(/cannot be decoded/);
      expect(() => fromRecordedEvent(recorded({ position: undefined }))).toThrow(/without its log position/);
    });
  });

  describe('positions', () => {
    it('given a commit position, then globalPosition is that number', () => {
      expect(toGlobalPosition({ commit: 0n, prepare: 0n })).toBe(0);
      expect(toGlobalPosition({ commit: 9_007_199_254_740_991n, prepare: 9_007_199_254_740_991n })).toBe(Number.MAX_SAFE_INTEGER);
    });

    it('given a commit position beyond 2^53, then it is refused rather than rounded', () => {
      expect(() => toGlobalPosition({ commit: 9_007_199_254_740_993n, prepare: 0n })).toThrow(RangeError);
    });

    it('given after = 0, then reading starts at the start; otherwise at that position', () => {
      expect(toReadPosition(0)).toBe('start');
      expect(toReadPosition(4242)).toEqual({ commit: 4242n, prepare: 4242n });
      expect(() => toReadPosition(-1)).toThrow(RangeError);
      expect(() => toReadPosition(1.5)).toThrow(RangeError);
    });
  });
});
