/**
 * The bench side of store-writer-process.ts: forks `n` writer processes on one database, runs
 * them all at once for a window, and sums what they did. Also installs the peers
 * (test/bench/peers/) the first time their rows are asked for, and sets up their schemas.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { EMMETT_DIR, emmettModule, MESSAGE_DB_DIR, messageDbSql, type WriterKind, type WriterResult } from './store-writer-protocol';

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

/** `npm ci` of a pinned peer (its own package-lock.json, test/bench/peers/) when `installed` is not there yet. */
function installPeer(dir: string, installed: string): void {
  if (existsSync(installed)) return;
  console.error(`[bench] npm ci in ${path.relative(process.cwd(), dir)}`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
}

/** Emmett installed, then its schema on this database. */
export async function prepareEmmett(databaseUrl: string): Promise<void> {
  installPeer(EMMETT_DIR, emmettModule('emmett-postgresql'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a peer installed apart from the project's dependencies
  const { getPostgreSQLEventStore } = require(emmettModule('emmett-postgresql'));
  const store = getPostgreSQLEventStore(databaseUrl);
  await store.schema.migrate();
  await store.close();
}

/**
 * Message DB's install order (its database/install.sh, install-functions.sh and
 * install-indexes.sh), run into this database as the bench's superuser; its role, database and
 * privileges scripts are left out (the writers connect as the bench does).
 */
const MESSAGE_DB_INSTALL = [
  'extensions/pgcrypto.sql',
  'schema/message-store.sql',
  'tables/messages.sql',
  'types/message.sql',
  ...['message-store-version', 'hash-64', 'acquire-lock', 'category', 'is-category', 'id', 'cardinal-id', 'stream-version', 'write-message', 'get-stream-messages', 'get-category-messages', 'get-last-stream-message'].map((f) => `functions/${f}.sql`),
  ...['messages-id', 'messages-stream', 'messages-category'].map((f) => `indexes/${f}.sql`),
];

/** The pinned Message DB package installed, then its SQL into the `message_store` schema of this database. */
export async function prepareMessageDb(databaseUrl: string): Promise<void> {
  installPeer(MESSAGE_DB_DIR, messageDbSql('VERSION.txt'));
  const client = new Client({ connectionString: databaseUrl, options: '-c search_path=message_store,public -c client_min_messages=warning' });
  await client.connect();
  try {
    for (const file of MESSAGE_DB_INSTALL) await client.query(readFileSync(messageDbSql(file), 'utf8'));
  } finally {
    await client.end();
  }
}
