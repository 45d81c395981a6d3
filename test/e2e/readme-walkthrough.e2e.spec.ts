import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startStandalone, type RunningApp } from '../support/standalone-app';

/** The README's curl walk-through must work as printed: run its bash block against a live server. */
function walkthroughScript(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const block = /<!-- walkthrough:begin -->\s*```bash\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(readme);
  if (!block) throw new Error('README.md has no walkthrough block between the markers');
  return block[1];
}

describe('README walk-through', () => {
  let running: RunningApp;
  beforeAll(async () => void (running = await startStandalone('pglite')), 60_000);
  afterAll(() => running?.close());

  it('given the standalone service, when the README curl block runs, then every step succeeds and the history is complete', async () => {
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', walkthroughScript()], {
      env: { ...process.env, CLUEBUS_URL: running.baseUrl },
    });
    expect(stdout).toMatch(/^clue [0-9a-f-]{36}$/m);
    const types = [...stdout.matchAll(/"type":"([A-Za-z]+)"/g)].map((m) => m[1]);
    expect(types.slice(-8)).toEqual([
      'ClueRegistered', 'ClueTransferred', 'TransferAcknowledged', 'TransferRejected',
      'InvestigationOpened', 'FindingRecorded', 'DispositionDecided', 'FeedbackSent',
    ]);
  });
});
