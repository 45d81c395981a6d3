/** `cluebus dlq replay --group g --event-id e --dry-run` → { words: [dlq, replay], flags: {...} } */
export interface CliArgs {
  words: string[];
  flags: Record<string, string | true>;
}

/** Flags that take no value. Everything else after `--name` is `--name value` or `--name=value`. */
const SWITCHES = new Set(['all', 'again', 'dry-run', 'json', 'help']);

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseCliArgs(argv: string[]): CliArgs {
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      flags.help = true;
    } else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (SWITCHES.has(name)) {
        if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
        flags[name] = true;
      } else if (inline !== undefined) {
        flags[name] = inline;
      } else {
        const value = argv[++i];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        flags[name] = value;
      }
    } else {
      words.push(arg);
    }
  }
  return { words, flags };
}

/** A string flag, or undefined; refuses a switch used where a value is needed. */
export function stringFlag(args: CliArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

/** Refuses flags the command does not know (a typo must not widen a replay). */
export function onlyFlags(args: CliArgs, allowed: string[]): void {
  const unknown = Object.keys(args.flags).filter((f) => !allowed.includes(f));
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown.map((f) => `--${f}`).join(', ')}`);
}
