import { Topics, type DeliveredMessage } from '../bus';
import { InProcessBus } from '../in-process/in-process-bus';
import { isTransient, withDeadLetter } from './dead-letter';

const message: DeliveredMessage = { key: 'clue-1', value: '{}', headers: { 'cluebus-event-id': 'e1' }, topic: 'cluebus.dept.samr', partition: 0, offset: '7' };

async function parked(bus: InProcessBus) {
  const seen: DeliveredMessage[] = [];
  await bus.subscribe(Topics.deadLetter, 'test', async (m) => void seen.push(m));
  return seen;
}

describe('dead-letter wrapper', () => {
  it('given a handler that always fails on the message, when delivered, then it is parked once with the error and original headers', async () => {
    const bus = new InProcessBus();
    const seen = await parked(bus);
    let calls = 0;
    await withDeadLetter(bus, 'inbox-samr', async () => void (calls++, JSON.parse('not json')), { backoffMs: 1 })(message);
    expect(calls).toBe(3);
    expect(seen).toHaveLength(1);
    expect(seen[0].headers).toMatchObject({ 'cluebus-event-id': 'e1', 'cluebus-dlq-original-topic': 'cluebus.dept.samr', 'cluebus-dlq-consumer-group': 'inbox-samr' });
    expect(seen[0].headers['cluebus-dlq-error']).toMatch(/SyntaxError/);
  });

  it('given the database is down for longer than the attempts, when delivered, then it waits the outage out and parks nothing', async () => {
    const bus = new InProcessBus();
    const seen = await parked(bus);
    let calls = 0;
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    await withDeadLetter(bus, 'inbox-samr', async () => {
      if (++calls <= 5) throw outage;
    }, { backoffMs: 1 })(message);
    expect(calls).toBe(6);
    expect(seen).toHaveLength(0);
  });

  it('given errors, when classified, then connection and server-shutdown errors are transient and data errors are not', () => {
    expect(isTransient({ code: '57P01' })).toBe(true);
    expect(isTransient({ code: '08006' })).toBe(true);
    expect(isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransient({ code: '22P02' })).toBe(false);
    expect(isTransient(new SyntaxError('Unexpected token'))).toBe(false);
  });
});
