import { spawn } from 'node:child_process';

/** Runs a command to its end, stdout and stderr together; never rejects (a spawn error is code -1). */
export function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const c = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout.on('data', (d) => (output += d));
    c.stderr.on('data', (d) => (output += d));
    c.once('error', (e) => resolve({ code: -1, output: `${output}\n${cmd}: ${e.message}` }));
    c.once('close', (code) => resolve({ code, output }));
  });
}
