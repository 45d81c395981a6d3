/** `cluebus dlq replay --group g --event-id e --dry-run` → { words: [dlq, replay], flags: {...} } */
export interface CliArgs {
  words: string[];
  flags: Record<string, string | true>;
}

/** Flags that take no value. Everything else after `--name` is `--name value` or `--name=value`. */
const SWITCHES = new Set(['all', 'again', 'dry-run', 'json', 'help', 'with-text', 'proof']);

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

/** A whole number ≥ 1 (a position), or undefined. */
export function positiveIntFlag(args: CliArgs, name: string): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`--${name} must be a whole number ≥ 1, got "${v}"`);
  return Number(v);
}

/** One of the allowed values, or the default. */
export function oneOfFlag<T extends string>(args: CliArgs, name: string, allowed: readonly T[], fallback?: T): T {
  const v = stringFlag(args, name) ?? fallback;
  if (v === undefined) throw new UsageError(`--${name} is required (${allowed.join('|')})`);
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}
