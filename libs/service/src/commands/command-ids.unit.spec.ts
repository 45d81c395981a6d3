import { validate, version } from 'uuid';
import { CommandIds } from './command-ids';

describe('CommandIds', () => {
  it('given an Idempotency-Key, when ids are derived, then they are the ids every earlier version derived (a retry after an upgrade replays)', () => {
    const ids = new CommandIds('nhc:341300', 'erp-4711');
    expect({
      commandId: ids.commandId,
      clue: ids.aggregateId('clue'),
      transfer: ids.childId('transfer'),
      event0: ids.eventId(0),
      event1: ids.eventId(1),
    }).toEqual({
      commandId: 'faf417e6-d830-575e-b8c3-6cfd907ecb5b',
      clue: 'fddb23d6-a7e7-5408-b985-ed6a6f0afe70',
      transfer: 'ced8a380-29d0-5bb9-944b-4f40894dc8f2',
      event0: '00ddc4e1-02d6-56f8-ae37-1027d76c6f18',
      event1: '2fcae729-4db7-55da-abbe-b95f2cbf9d63',
    });
  });

  it('given the same key from another department instance, when ids are derived, then they differ (keys are scoped per instance)', () => {
    const nhc = new CommandIds('nhc:341300', 'k');
    const samr = new CommandIds('samr:341300', 'k');
    expect(samr.commandId).not.toBe(nhc.commandId);
    expect(samr.aggregateId('clue')).not.toBe(nhc.aggregateId('clue'));
    expect(samr.eventId(0)).not.toBe(nhc.eventId(0));
  });

  it('given no key, when ids are made, then each is a fresh UUID v7', () => {
    const ids = new CommandIds('nhc:341300');
    const all = [ids.commandId, ids.aggregateId('clue'), ids.childId('transfer'), ids.eventId(0), ids.eventId(0)];
    expect(all.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });

  it('given the kind "command", when an aggregate id is asked for, then it is refused (it would be the command id)', () => {
    expect(() => new CommandIds('nhc:341300', 'k').aggregateId('command')).toThrow(RangeError);
  });
});
