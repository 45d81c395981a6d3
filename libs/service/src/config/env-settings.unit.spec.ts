import { ConfigError } from './config-error';
import { booleanSetting, intSetting, listSetting, oneOfSetting } from './env-settings';

describe('environment settings', () => {
  it('given an unset variable, when read, then the fallback applies', () => {
    expect(intSetting({}, 'N', 7)).toBe(7);
    expect(booleanSetting({}, 'F', true)).toBe(true);
    expect(oneOfSetting({}, 'W', ['a', 'b'], 'b')).toBe('b');
    expect(listSetting({}, 'L', 'x, y')).toEqual(['x', 'y']);
  });

  it('given an empty value, when read, then numbers, flags and lists fall back but a choice of words is refused', () => {
    expect(intSetting({ N: '' }, 'N', 7)).toBe(7);
    expect(booleanSetting({ F: '' }, 'F', false)).toBe(false);
    expect(listSetting({ L: '' }, 'L')).toEqual([]);
    expect(() => oneOfSetting({ W: '' }, 'W', ['a', 'b'], 'a')).toThrow(/W must be a or b, got ""/);
  });

  it('given valid values, when read, then they are parsed', () => {
    expect(intSetting({ N: '42' }, 'N', 7, 1)).toBe(42);
    expect(booleanSetting({ F: 'false' }, 'F', true)).toBe(false);
    expect(oneOfSetting({ W: 'c' }, 'W', ['a', 'b', 'c'], 'a')).toBe('c');
    expect(listSetting({ L: ' a:1 ,, b:2 ' }, 'L')).toEqual(['a:1', 'b:2']);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a non-integer', () => intSetting({ N: '1.5' }, 'N', 7), /^configuration: N must be an integer ≥ 0, got "1.5"$/],
    ['a number below the minimum', () => intSetting({ N: '0' }, 'N', 7, 1), /N must be an integer ≥ 1, got "0"/],
    ['a flag that is not true or false', () => booleanSetting({ F: 'yes' }, 'F', true), /^configuration: F must be true or false, got "yes"$/],
    ['a word not in the set', () => oneOfSetting({ W: 'd' }, 'W', ['a', 'b', 'c'], 'a'), /^configuration: W must be a, b or c, got "d"$/],
  ])('given %s, when read, then ConfigError names the variable', (_what, read, message) => {
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(message);
  });
});
