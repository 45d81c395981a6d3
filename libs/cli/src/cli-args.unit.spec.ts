import { onlyFlags, parseCliArgs, stringFlag, UsageError } from './cli-args';

describe('parseCliArgs', () => {
  it('given words, valued options and switches, when parsed, then each lands where it belongs', () => {
    const args = parseCliArgs(['dlq', 'replay', '--group', 'cluebus-inbox-samr', '--event-id=0190-x', '--again', '--dry-run']);
    expect(args).toEqual({ words: ['dlq', 'replay'], flags: { group: 'cluebus-inbox-samr', 'event-id': '0190-x', again: true, 'dry-run': true } });
  });

  it('given an option without its value, when parsed, then it is a usage error', () => {
    expect(() => parseCliArgs(['dlq', 'replay', '--group'])).toThrow(UsageError);
    expect(() => parseCliArgs(['dlq', 'replay', '--group', '--all'])).toThrow(/--group needs a value/);
    expect(() => parseCliArgs(['--all=yes'])).toThrow(/takes no value/);
  });

  it('given an unknown option, when checked, then it is refused rather than ignored', () => {
    const args = parseCliArgs(['dlq', 'replay', '--grop', 'x']);
    expect(() => onlyFlags(args, ['group'])).toThrow(/unknown option --grop/);
    expect(stringFlag(parseCliArgs(['--group=a=b']), 'group')).toBe('a=b');
  });
});
