#!/usr/bin/env node
/**
 * `cluebus` — operator command line (README "CLI"): replay, verify, projections rebuild, export,
 * checkpoint show, dlq. Built with the rest (`npm run build`), run as `npx cluebus …` (the root
 * package.json's bin) or `node dist/libs/cli/src/main.js …`.
 * Exit codes: 0 ok, 1 a failure found or an operational error, 2 usage (see exit-codes.ts).
 */
import 'reflect-metadata'; // @cluebus/contracts carries class-validator DTOs
import { type CliArgs, parseCliArgs, UsageError } from './cli-args';
import { CHECKPOINT_USAGE, runCheckpointCommand } from './checkpoint-command';
import { DLQ_USAGE, runDlqCommand } from './dlq-command';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, FailureFound } from './exit-codes';
import { EXPORT_USAGE, runExportCommand } from './export-command';
import type { Output } from './output';
import { progressOn, type Progress } from './progress';
import { REBUILD_USAGE, runRebuildCommand } from './rebuild-command';
import { REPLAY_USAGE, runReplayCommand } from './replay-command';
import { runVerifyCommand, VERIFY_USAGE } from './verify-command';

interface Command {
  usage: string;
  run(args: CliArgs, env: NodeJS.ProcessEnv, io: Output, progress: Progress): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  replay: { usage: REPLAY_USAGE, run: (a, e, io) => runReplayCommand(a, e, io) },
  verify: { usage: VERIFY_USAGE, run: runVerifyCommand },
  projections: { usage: REBUILD_USAGE, run: runRebuildCommand },
  export: { usage: EXPORT_USAGE, run: runExportCommand },
  checkpoint: { usage: CHECKPOINT_USAGE, run: (a, e, io) => runCheckpointCommand(a, e, io) },
  dlq: { usage: DLQ_USAGE, run: (a, e, io) => runDlqCommand(a, e, io) },
};

const EXIT_CODES = `exit codes: 0 ok · 1 failure found (verify) or operational error · 2 usage error`;
const USAGE = `usage: cluebus <command> … (cluebus <command> --help)\n\n${Object.values(COMMANDS)
  .map((c) => c.usage.split('\n')[0])
  .join('\n')}\n\n${EXIT_CODES}`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const io: Output = {
    out: (line) => process.stdout.write(`${line}\n`),
    write: (bytes) => process.stdout.write(bytes),
    color: process.stdout.isTTY === true && env.NO_COLOR === undefined,
  };
  try {
    const args = parseCliArgs(argv);
    const command = args.words[0] === undefined ? undefined : COMMANDS[args.words[0]];
    if (args.flags.help) {
      io.out(command ? `usage:\n${command.usage}\n\n${EXIT_CODES}` : USAGE);
      return EXIT_OK;
    }
    if (args.words.length === 0) {
      process.stderr.write(`${USAGE}\n`);
      return EXIT_USAGE;
    }
    if (!command) throw new UsageError(`unknown command "${args.words[0]}"\n\n${USAGE}`);
    await command.run(args, env, io, progressOn());
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError || error instanceof RangeError) {
      process.stderr.write(`cluebus: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`cluebus: ${error instanceof FailureFound ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

if (require.main === module) {
  // exitCode rather than exit(): stdout (an export piped on) is flushed first.
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
