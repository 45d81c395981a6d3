/**
 * A PostgreSQL server of the test's own, for fault tests that crash the database: the machine's
 * shared server (127.0.0.1:5432) is used by other tests at the same time and is never restarted.
 *
 *   const pg = await startOwnPostgres();                 // initdb into a temp dir, pg_ctl start
 *   const url = await pg.createDatabase('cluebus_fault'); // postgres://postgres@127.0.0.1:<port>/…
 *   await pg.restartImmediate();                          // pg_ctl restart -m immediate: a crash + recovery
 *   await pg.stop();                                      // stops it and deletes the data dir
 *
 * Binaries: CLUEBUS_PG_BIN, else `pg_config --bindir`, else the newest /usr/lib/postgresql/<v>/bin.
 * As root (these machines), initdb and pg_ctl run as the `postgres` OS user (runuser): PostgreSQL
 * refuses to run as root. A detached watchdog stops the server and deletes the directory if the
 * test process dies without stop() (a killed jest worker).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../deploy/kafka/kafka-runner';

export interface OwnPostgres {
  readonly port: number;
  /** Temp dir: data/ (the cluster), the unix socket, postgres.log. */
  readonly dir: string;
  readonly logFile: string;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** CREATE DATABASE <name>; returns its url. */
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl restart -m immediate`: every backend killed without a checkpoint, crash recovery on start. Resolves once it accepts connections again. */
  restartImmediate(): Promise<{ ms: number }>;
  /** Stops the server (fast shutdown, immediate if that hangs) and deletes the directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface OwnPostgresOptions {
  /** Extra server settings (-c name=value). */
  settings?: Record<string, string | number>;
  log?: (msg: string) => void;
}

export function postgresBinDir(): string {
  if (process.env.CLUEBUS_PG_BIN) return process.env.CLUEBUS_PG_BIN;
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const fromConfig = cfg.status === 0 ? cfg.stdout.trim() : '';
  if (fromConfig && fs.existsSync(path.join(fromConfig, 'initdb'))) return fromConfig;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries (initdb, pg_ctl) found: set CLUEBUS_PG_BIN');
  return path.join(root, versions[0], 'bin');
}

export async function startOwnPostgres(options: OwnPostgresOptions = {}): Promise<OwnPostgres> {
  const log = options.log ?? (() => undefined);
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluebus-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (ids.status !== 0) throw new Error('running as root but there is no `postgres` OS user to run PostgreSQL as');
    fs.chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  }
  const port = await freePort();
  /** A PostgreSQL tool, as the postgres OS user when we are root. */
  const tool = (name: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, name), ...args]] : [path.join(bin, name), args];
    const res = spawnSync(cmd, argv, { encoding: 'utf8', cwd: dir, timeout: 120_000 });
    if (res.status !== 0) {
      const logTail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-20).join('\n') : '(no log)';
      throw new Error(`${name} ${args.join(' ')} failed (exit ${res.status}${res.error ? `, ${res.error.message}` : ''}):\n${res.stdout}\n${res.stderr}\n--- ${logFile} ---\n${logTail}`);
    }
    return res.stdout;
  };
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    port,
    unix_socket_directories: dir,
    max_connections: 200,
    // The fault is a server crash (every backend SIGQUIT'd), not a machine crash: the WAL written
    // before the crash is in the OS cache either way, so fsync adds nothing to what is tested.
    // synchronous_commit stays on: a commit answered must survive the immediate restart.
    fsync: 'off',
    ...options.settings,
  };
  const serverOptions = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  const pgCtl = (...args: string[]) => tool('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', ...args]);

  let stopped = false;
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    tool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    pgCtl('-o', serverOptions, 'start');
  } catch (error) {
    spawnSync(asRoot ? 'runuser' : path.join(bin, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'] : ['-D', data, '-m', 'immediate', 'stop']);
    removeDir();
    throw error;
  }
  startWatchdog(bin, data, dir, asRoot);
  log(`own PostgreSQL on 127.0.0.1:${port} (${dir})`);

  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const waitAccepting = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = new Client({ connectionString: url(), connectionTimeoutMillis: 2_000 });
      c.on('error', () => undefined);
      try {
        await c.connect();
        await c.query('SELECT 1');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`own PostgreSQL on ${port} not accepting connections after ${timeoutMs} ms: ${(error as Error).message}`);
      } finally {
        await c.end().catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await waitAccepting(30_000);

  const stopOnce = async () => {
    if (stopped) return;
    stopped = true;
    try {
      pgCtl('-m', 'fast', 'stop');
    } catch {
      try {
        pgCtl('-m', 'immediate', 'stop');
      } catch {
        /* not running */
      }
    }
    removeDir();
  };
  process.once('exit', () => {
    if (!stopped) {
      spawnSync(asRoot ? 'runuser' : path.join(bin, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'] : ['-D', data, '-m', 'immediate', 'stop']);
      removeDir();
    }
  });

  return {
    port,
    dir,
    logFile,
    url,
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const c = new Client({ connectionString: url() });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    restartImmediate: async () => {
      if (stopped) throw new Error('restartImmediate() after stop()');
      const started = Date.now();
      pgCtl('-m', 'immediate', '-o', serverOptions, 'restart');
      await waitAccepting(60_000);
      return { ms: Date.now() - started };
    },
    stop: stopOnce,
  };
}

/** A detached sh: when this process is gone and the server still runs, stop it and delete the dir. */
function startWatchdog(bin: string, data: string, dir: string, asRoot: boolean): void {
  const pgCtl = asRoot ? `runuser -u postgres -- "${bin}/pg_ctl"` : `"${bin}/pg_ctl"`;
  const script = [
    'P=$1; D=$2; T=$3',
    'while kill -0 "$P" 2>/dev/null; do sleep 1; done',
    `if [ -f "$D/postmaster.pid" ]; then ${pgCtl} -D "$D" -m immediate stop >/dev/null 2>&1; fi`,
    'rm -rf "$T"',
  ].join('\n');
  const w = spawn('sh', ['-c', script, 'cluebus-pg-watchdog', String(process.pid), data, dir], { detached: true, stdio: 'ignore' });
  w.on('error', () => undefined);
  w.unref();
}
