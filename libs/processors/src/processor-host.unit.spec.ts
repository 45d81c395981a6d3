import { InProcessBus } from '@cluebus/bus';
import type { GroupProcessor, Processor } from './processor';
import { validateDeclarations } from './processor-host';
import { GroupRunner } from './group-runner';

const group = (name: string, topic: string, extra: Partial<GroupProcessor> = {}): GroupProcessor => ({
  kind: 'group',
  name,
  topic,
  handleBatch: async (m) => ({ applied: m.length, duplicates: 0 }),
  handleOne: async () => ({ applied: 1, duplicates: 0 }),
  ...extra,
});

describe('processor declarations', () => {
  it('given department consumers and the ledger consumer with their own groups, then the declarations are accepted', () => {
    expect(() => validateDeclarations([group('inbox-samr', 'cluebus.dept.samr'), group('inbox-sta', 'cluebus.dept.sta'), group('ledger', 'cluebus.events')])).not.toThrow();
  });

  it('given the ledger consumer sharing a group id with a department consumer on another topic (the old silent failure), then the host refuses to start', () => {
    const processors: Processor[] = [group('inbox-samr', 'cluebus.dept.samr', { group: 'cluebus-consumer' }), group('ledger', 'cluebus.events', { group: 'cluebus-consumer' })];
    expect(() => validateDeclarations(processors)).toThrow(/consumer group cluebus-consumer is declared for cluebus.dept.samr and cluebus.events/);
  });

  it('given two processors of one name, then the host refuses to start', () => {
    expect(() => validateDeclarations([group('ledger', 'a'), group('ledger', 'b')])).toThrow(/declared twice/);
  });
});

describe('a group processor applying batches', () => {
  const message = (i: number) => ({ key: 'clue-1', value: String(i), headers: {} });

  it('given a batch whose third message fails for good, when it is applied, then the others are applied one by one and only the third is parked', async () => {
    const bus = new InProcessBus();
    const parked: string[] = [];
    await bus.subscribe('cluebus.dlq', 'watch', async (m) => void parked.push(m.value));
    const applied: string[] = [];
    const runner = new GroupRunner(
      bus,
      group('inbox-samr', 'cluebus.dept.samr', {
        handleBatch: async () => {
          throw new Error('bad event in this batch');
        },
        handleOne: async (m) => {
          if (m.value === '3') throw new Error('bad event');
          applied.push(m.value);
          return { applied: 1, duplicates: 0 };
        },
      }),
      { log: () => undefined, warn: () => undefined, error: () => undefined },
    );
    await runner.start();
    await bus.publish('cluebus.dept.samr', [1, 2, 3, 4].map(message));
    expect(applied).toEqual(['1', '2', '4']);
    expect(parked).toEqual(['3']);
    expect(runner.status()).toMatchObject({ applied: 3, deadLettered: 1, group: 'cluebus-inbox-samr' });
    await runner.stop();
  });
});
