/**
 * The sealer of docs/adr/0009 with every party its own OS process, as in production (each
 * department service appends; one holds the sealer lease): appenders in separate processes, a
 * sealer killed -9 in the middle of a batch, an appender transaction left open while later
 * appends commit (the sealer waits for it, never skips it), and a sealer that restarts. The
 * log must end contiguous 1..n, each event sealed once, one chain that verify accepts.
 * No PostgreSQL → this file FAILS (as postgres.contract.spec.ts).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { GENESIS_HASH, verifyLog } from '@cluebus/audit';
import { PostgresSqlClient, SqlEventStore } from '@cluebus/eventstore';
import { Client } from 'pg';
import { createTestDatabase } from '../support/postgres-database';

const REPO_ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(__dirname, 'support/sealer-child.ts');

/** A child of sealer-child.ts; `line(text)` resolves when it prints a line starting with text. */
class Child {
  readonly process: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private readonly waiters: Array<{ prefix: string; resolve: (line: string) => void }> = [];
  private exited?: string;

  constructor(readonly args: string[]) {
    this.process = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', CHILD, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json') },
    });
    createInterface({ input: this.process.stdout }).on('line', (line) => {
      this.lines.push(line);
      for (const w of this.waiters.filter((w) => line.startsWith(w.prefix))) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(line);
      }
    });
    let stderr = '';
    this.process.stderr.on('data', (d) => (stderr += String(d)));
    this.process.once('exit', (code, signal) => (this.exited = `exit ${code ?? signal}; stderr: ${stderr.slice(-2000)}`));
  }

  async line(prefix: string, timeoutMs = 60_000): Promise<string> {
    const seen = this.lines.find((l) => l.startsWith(prefix));
    if (seen) return seen;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.args[0]} child: no "${prefix}" in ${timeoutMs} ms (${this.exited ?? 'running'}; said ${JSON.stringify(this.lines.slice(-5))})`)), timeoutMs);
      this.waiters.push({ prefix, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  }

  kill9(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return Promise.resolve();
    const gone = new Promise<void>((r) => this.process.once('exit', () => r()));
    this.process.kill('SIGKILL');
    return gone;
  }
}

let db: { url: string; drop: () => Promise<void> };
let pg: Client;
const children: Child[] = [];
const child = (...args: string[]) => {
  const c = new Child(args);
  children.push(c);
  return c;
};

beforeAll(async () => {
  db = await createTestDatabase('cluebus_sealer_processes');
  (await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }), { sealing: 'sealer' })).close();
  pg = new Client({ connectionString: db.url });
  await pg.connect();
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.kill9()));
  await pg?.end();
  await db?.drop();
});

const count = async (sql: string) => Number((await pg.query<{ n: string }>(sql)).rows[0].n);
const head = () => count(`SELECT global_position AS n FROM cluebus_log_head WHERE id = 1`);
async function headReaches(n: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let h = await head();
  while (h < n && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    h = await head();
  }
  return h;
}

describe('the sealer with appenders, a held transaction and sealers in separate processes', () => {
  it('given 4 appender processes and a sealer killed -9 mid-batch, a transaction held open and a sealer restarted, then positions are 1..n, each event sealed once, and the chain verifies', async () => {
    // given: four appenders and a sealer whose first batch stops after writing the history, before COMMIT
    const firstSealer = child('seal', db.url, 'hold');
    const appenders = [0, 1, 2, 3].map((i) => child('append', db.url, `clue-p${i}`, '150'));
    await firstSealer.line('holding');
    // the batch is written but not committed: nothing is sealed, for anyone
    expect(await head()).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM cluebus_events`)).toBe(0);
    await firstSealer.kill9();
    await Promise.all(appenders.map((a) => a.line('done 150')));

    // a transaction left open, and 50 appends committed after it began
    const late = child('append', db.url, 'clue-late', '50', 'wait');
    await late.line('ready');
    const held = child('hold', db.url, 'clue-held');
    await held.line('open');
    late.process.stdin.write('go\n');
    await late.line('done 50');

    // a new sealer seals what committed before the open transaction, and stops there
    const secondSealer = child('seal', db.url);
    await secondSealer.line('sealing');
    expect(await headReaches(600, 45_000)).toBe(600);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await head()).toBe(600); // the 50 later appends wait behind the open one: never skipped past it
    expect(await count(`SELECT count(*) AS n FROM cluebus_pending`)).toBe(50); // (the open one's row is not visible yet)

    // the sealer restarts (killed -9, another started), then the held transaction commits
    await secondSealer.kill9();
    await child('seal', db.url).line('sealing');
    held.process.stdin.write('commit\n');
    await held.line('committed');
    expect(await headReaches(651, 45_000)).toBe(651);

    // then: one contiguous, verified log, each event once, every stream's positions 0..k
    const store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: db.url }), { sealing: 'sealer' });
    try {
      const all = await store.readAll({ raw: true });
      expect(all.map((e) => e.globalPosition)).toEqual(Array.from({ length: 651 }, (_, i) => i + 1));
      expect(new Set(all.map((e) => e.eventId)).size).toBe(651);
      expect(all[0].prevHash).toBe(GENESIS_HASH);
      expect(verifyLog(all, [], { algorithm: 'sha256', publicKey: new Map() }).ok).toBe(true);
      const byStream = new Map<string, number[]>();
      for (const e of all) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.streamPosition]);
      expect(byStream.size).toBe(4 * 4 + 4 + 1);
      for (const positions of byStream.values()) expect(positions).toEqual(positions.map((_, i) => i));
      expect(await count(`SELECT count(*) AS n FROM cluebus_pending`)).toBe(0);
    } finally {
      await store.close();
    }
  }, 180_000);
});
