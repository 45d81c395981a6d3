import { DEFAULT_RELAY_HEALTH_LIMITS as LIMITS, relayProblems } from './relay.processor';

const now = 1_000_000_000;

describe('when /health calls the relay degraded', () => {
  it('given a relay at the head, then it is healthy', () => {
    expect(relayProblems({ position: 50, shippedAt: now - 600_000, failures: 0 }, 50, LIMITS, now)).toEqual([]);
  });
  it('given a relay halted on a gap, then it is degraded with the reason', () => {
    expect(relayProblems({ position: 2, shippedAt: now, failures: 1, halted: 'global log gap: expected position 3, read 4' }, 9, LIMITS, now)).toEqual([
      'relay halted: global log gap: expected position 3, read 4',
    ]);
  });
  it('given more events behind than the limit, then it is degraded', () => {
    expect(relayProblems({ position: 0, shippedAt: now, failures: 0 }, 10_001, LIMITS, now)).toEqual(['relay is 10001 events behind the head (limit 10000)']);
  });
  it('given a backlog and nothing shipped for longer than the limit, then it is degraded', () => {
    expect(relayProblems({ position: 10, shippedAt: now - 61_000, failures: 0 }, 12, LIMITS, now)).toEqual(['relay shipped nothing for 61 s while 2 events wait (limit 60 s)']);
  });
  it('given failures in a row up to the limit, then it is degraded with the last error', () => {
    expect(relayProblems({ position: 10, shippedAt: now, failures: 10, lastError: 'KafkaJSConnectionError' }, 10, LIMITS, now)).toEqual([
      'relay failed 10 times in a row: KafkaJSConnectionError',
    ]);
  });
});
