#!/usr/bin/env node
/**
 * `cluebus` — operator command line. Today: the dead-letter topic (list, replay).
 *   node dist/libs/cli/src/main.js dlq list
 *   npx ts-node -r tsconfig-paths/register libs/cli/src/main.ts dlq replay --event-id <uuid>
 */
import 'reflect-metadata'; // @cluebus/contracts carries class-validator DTOs
import { parseCliArgs, UsageError } from './cli-args';
import { DLQ_USAGE, runDlqCommand } from './dlq-command';

const USAGE = `usage:\n${DLQ_USAGE}`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const io = { out: (line: string) => console.log(line) };
  try {
    const args = parseCliArgs(argv);
    if (args.flags.help || args.words.length === 0) {
      console.log(USAGE);
      return args.words.length === 0 && !args.flags.help ? 2 : 0;
    }
    if (args.words[0] === 'dlq') {
      await runDlqCommand(args, env, io);
      return 0;
    }
    throw new UsageError(`unknown command "${args.words[0]}"\n\n${USAGE}`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof RangeError) {
      console.error(`cluebus: ${error.message}`);
      return 2;
    }
    console.error(`cluebus: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
