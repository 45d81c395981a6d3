/**
 * The bench side of store-writer-process.ts: forks `n` writer processes on one database, runs
 * them all at once for a window, and sums what they did. Also installs and migrates the Emmett
 * peer (test/bench/peers/emmett) the first time its rows are asked for.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { EMMETT_DIR, emmettModule, type WriterKind, type WriterResult } from './store-writer-protocol';

type Reply = ({ ok: true } & WriterResult) | { ok: false; error: string } | { ready: true };

export class StoreWriterGroup {
  private constructor(private readonly children: ChildProcess[]) {}

  static async start(n: number, databaseUrl: string): Promise<StoreWriterGroup> {
    const children = Array.from({ length: n }, (_, i) =>
      fork(path.join(__dirname, 'store-writer-process.ts'), [], {
        execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
        env: { ...process.env, DATABASE_URL: databaseUrl, WRITER_ID: String(i) },
      }),
    );
    await Promise.all(children.map((c) => reply(c)));
    return new StoreWriterGroup(children);
  }

  /** Every process appends `batch`-event appends for `ms` at once; events/s over all of them. */
  async run(kind: WriterKind, batch: number, ms: number): Promise<{ eventsPerSecond: number; appends: number }> {
    const results = await Promise.all(
      this.children.map(async (c) => {
        c.send({ kind, batch, ms });
        const r = await reply(c);
        if (!('ok' in r)) throw new Error('writer answered out of turn');
        if (!r.ok) throw new Error(`writer failed (${kind}):\n${r.error}`);
        return r;
      }),
    );
    const appends = results.reduce((a, r) => a + r.ops, 0);
    const window = Math.max(...results.map((r) => r.ms));
    return { appends, eventsPerSecond: (appends * batch * 1000) / window };
  }

  stop(): void {
    for (const c of this.children) c.kill();
  }
}

function reply(child: ChildProcess): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`writer process exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (m: Reply) => {
      child.off('exit', onExit);
      resolve(m);
    });
  });
}

/** `npm ci` of the pinned peer (its own package-lock.json) when it is not installed yet, then Emmett's schema on this database. */
export async function prepareEmmett(databaseUrl: string): Promise<void> {
  if (!existsSync(emmettModule('emmett-postgresql'))) {
    console.error('[emmett] npm ci in test/bench/peers/emmett');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: EMMETT_DIR, stdio: 'inherit' });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a peer installed apart from the project's dependencies
  const { getPostgreSQLEventStore } = require(emmettModule('emmett-postgresql'));
  const store = getPostgreSQLEventStore(databaseUrl);
  await store.schema.migrate();
  await store.close();
}
