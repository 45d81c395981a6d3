import { DomainError } from '../domain-error';
import { DeciderSpecification, deepEqual, deepFreeze } from './decider-specification';

// A toy counter decider to test the helper itself.
type Cmd = { type: 'add'; by: number } | { type: 'mutate' };
type Ev = { type: 'added'; by: number; note?: string };
type St = { total: number };
const given = DeciderSpecification.for<Cmd, Ev, St, { max: number }>({
  initialState: () => ({ total: 0 }),
  evolve: (s, e) => ({ total: s.total + e.by }),
  decide: (c, s, { max }) => {
    if (c.type === 'mutate') {
      (s as { total: number }).total = 99;
      return [];
    }
    if (s.total + c.by > max) throw new DomainError('TOO_MUCH', `over ${max}`, 'by', 'rule');
    return [{ type: 'added', by: c.by }];
  },
});

describe('DeciderSpecification', () => {
  it('passes when the events match', () => {
    expect(given([{ type: 'added', by: 1 }]).when({ type: 'add', by: 2 }, { max: 5 }).then([{ type: 'added', by: 2 }])).toEqual([
      { type: 'added', by: 2 },
    ]);
  });

  it('fails when the events differ, including a key present only as undefined', () => {
    expect(() => given().when({ type: 'add', by: 2 }, { max: 5 }).then([{ type: 'added', by: 3 }])).toThrow(/expected events/);
    expect(() => given().when({ type: 'add', by: 2 }, { max: 5 }).then([{ type: 'added', by: 2, note: undefined }])).toThrow(/<undefined>/);
    expect(() => given().when({ type: 'add', by: 2 }, { max: 5 }).then([])).toThrow(/expected events/);
  });

  it('fails when decide throws but events were expected', () => {
    expect(() => given().when({ type: 'add', by: 9 }, { max: 5 }).then([])).toThrow(DomainError);
  });

  it('thenThrows checks code, field, kind and message', () => {
    const g = given([{ type: 'added', by: 4 }]).when({ type: 'add', by: 2 }, { max: 5 });
    expect(g.thenThrows('TOO_MUCH', { field: 'by', kind: 'rule', message: 'over 5' }).code).toBe('TOO_MUCH');
    expect(g.thenThrows('TOO_MUCH', { message: /over \d/ })).toBeInstanceOf(DomainError);
    expect(() => g.thenThrows('OTHER')).toThrow(/code TOO_MUCH \(expected OTHER\)/);
    expect(() => g.thenThrows('TOO_MUCH', { field: 'x' })).toThrow(/field by/);
    expect(() => g.thenThrows('TOO_MUCH', { field: undefined })).toThrow(/field by/);
    expect(() => g.thenThrows('TOO_MUCH', { kind: 'not-found' })).toThrow(/kind rule/);
    expect(() => g.thenThrows('TOO_MUCH', { message: 'under' })).toThrow(/message/);
  });

  it('thenThrows fails when decide accepts', () => {
    expect(() => given().when({ type: 'add', by: 1 }, { max: 5 }).thenThrows('TOO_MUCH')).toThrow(/expected refusal TOO_MUCH/);
  });

  it('freezes the state so a decide that mutates it fails', () => {
    expect(() => given().when({ type: 'mutate' }, { max: 5 }).result()).toThrow(TypeError);
  });
});

describe('deepEqual / deepFreeze', () => {
  it.each([
    [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [[1, 2], { 0: 1, 1: 2 }, false],
    [null, {}, false],
    [new Date(0), new Date(0), true],
    [new Date(0), new Date(1), false],
    [Number.NaN, Number.NaN, true],
    ['1', 1, false],
  ])('deepEqual(%p, %p) = %p', (a, b, expected) => {
    expect(deepEqual(a, b)).toBe(expected);
  });

  it('deepFreeze freezes nested objects', () => {
    const o = deepFreeze({ a: { b: [1] } });
    expect(Object.isFrozen(o.a.b)).toBe(true);
  });
});
