import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built `cluebus` binary (package.json bin), as an operator runs it. */
export const CLI_BIN = join(__dirname, '..', '..', 'dist', 'libs', 'cli', 'src', 'main.js');

/**
 * Builds the TypeScript part of `npm run build` (tsc, then tsc-alias for the path aliases), so
 * the tests run what is shipped and not the sources (`npm test` has no build step of its own);
 * the web console's bundle is not needed by the CLI.
 */
export function buildCli(): void {
  const root = join(__dirname, '..', '..');
  const bin = (name: string) => join(root, 'node_modules', '.bin', name);
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(CLI_BIN)) throw new Error(`npm run build did not produce ${CLI_BIN}`);
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the binary as a child process with only the given environment (plus PATH). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
