/**
 * A cluebus service as an OS process: `node dist/apps/<app>/src/main.js` with an environment,
 * /health as readiness, SIGTERM/kill -9 and restart, stdout+stderr appended to a log file.
 * Used by deploy/local/run-local.ts (the seven processes by hand) and by the multi-process,
 * fault and bench suites (test/support/processes.ts).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO_ROOT, 'dist');
const STAMP = path.join(DIST, '.cluebus-build-stamp');
const LOCK = path.join(REPO_ROOT, '.cache', 'build.lock');

// ---------------------------------------------------------------------------------------------
// Build

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if ((entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) || entry.name.endsWith('.json')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** True when dist is missing or older than a source file of apps/ or libs/ (or the build config). */
export function distIsStale(): boolean {
  if (!fs.existsSync(STAMP)) return true;
  const built = fs.statSync(STAMP).mtimeMs;
  const sources = Math.max(
    newestSource(path.join(REPO_ROOT, 'apps')),
    newestSource(path.join(REPO_ROOT, 'libs')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => fs.statSync(path.join(REPO_ROOT, f)).mtimeMs),
  );
  return sources > built;
}

/**
 * `npm run build` once when dist is stale. A lock directory keeps parallel jest workers (or a
 * developer's own build) from compiling at the same time. A failed build fails the test loudly.
 */
export async function ensureBuilt(log: (msg: string) => void = (m) => console.log(`[build] ${m}`)): Promise<void> {
  if (!distIsStale()) return;
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) fs.rmSync(LOCK, { recursive: true, force: true }); // left by a killed build
      if (Date.now() > deadline) throw new Error(`another build held ${LOCK} for 5 min`);
      await sleep(500);
    }
  }
  try {
    if (!distIsStale()) return; // the lock holder before us built it
    const started = Date.now();
    const startedAt = new Date();
    log('dist is stale: npm run build');
    const res = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
    if (res.status !== 0) {
      throw new Error(`npm run build failed (exit ${res.status}); multi-process tests need dist/:\n${`${res.stdout}\n${res.stderr}`.trim().split('\n').slice(-40).join('\n')}`);
    }
    fs.writeFileSync(STAMP, `built ${startedAt.toISOString()}\n`);
    fs.utimesSync(STAMP, startedAt, startedAt); // sources edited during the build count as newer
    log(`built in ${Date.now() - started} ms`);
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// One service process

export interface ServiceOptions {
  name: string;
  /** Built entry point, relative to the repo: dist/apps/<app>/src/main.js */
  entry: string;
  port: number;
  env: Record<string, string>;
  logFile: string;
  healthTimeoutMs?: number;
}

export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private exitInfo?: string;
  private starts = 0;

  constructor(readonly options: ServiceOptions) {}

  get name(): string {
    return this.options.name;
  }
  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }
  get logFile(): string {
    return this.options.logFile;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns the process and resolves when GET /health answers 200; throws with the log tail if it dies or times out. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running (pid ${this.pid})`);
    this.starts++;
    fs.mkdirSync(path.dirname(this.logFile), { recursive: true });
    fs.appendFileSync(this.logFile, `\n=== ${new Date().toISOString()} start #${this.starts} of ${this.name} on port ${this.options.port}\n`);
    const out = fs.openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [path.join(REPO_ROOT, this.options.entry)], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'production', ...this.options.env, PORT: String(this.options.port) },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    this.child = child;
    this.exitInfo = undefined;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitInfo = `exited (code ${code}, signal ${signal})`;
        fs.appendFileSync(this.logFile, `=== ${new Date().toISOString()} ${this.name} pid ${child.pid} ${this.exitInfo}\n`);
        resolve();
      }),
    );
    child.once('error', (e) => (this.exitInfo = `spawn failed: ${e.message}`));
    if (child.pid) watchdog(child.pid);
    live.add(this);
    await this.waitHealthy(this.options.healthTimeoutMs ?? 90_000);
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    for (;;) {
      if (this.exitInfo) throw new Error(`${this.name} ${this.exitInfo} before it was healthy; log ${this.logFile}:\n${this.logTail(30)}`);
      try {
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) return;
        last = `HTTP ${res.status}`;
      } catch (e) {
        last = (e as Error).message;
      }
      if (Date.now() > deadline) throw new Error(`${this.name} not healthy after ${timeoutMs} ms (${last}); log ${this.logFile}:\n${this.logTail(30)}`);
      await sleep(200);
    }
  }

  /** kill -9: no shutdown hooks, no group leave, no offset commit. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    fs.appendFileSync(this.logFile, `=== ${new Date().toISOString()} test sends SIGKILL to ${this.name} pid ${this.pid}\n`);
    this.child!.kill('SIGKILL');
    await this.exited;
    live.delete(this);
  }

  /** SIGSTOP: the process freezes with its sockets open (a GC pause, a VM stall), until resume(). */
  pause(): void {
    if (!this.running) return;
    fs.appendFileSync(this.logFile, `=== ${new Date().toISOString()} test sends SIGSTOP to ${this.name} pid ${this.pid}\n`);
    this.child!.kill('SIGSTOP');
  }

  /** SIGCONT after pause(). */
  resume(): void {
    if (!this.running) return;
    fs.appendFileSync(this.logFile, `=== ${new Date().toISOString()} test sends SIGCONT to ${this.name} pid ${this.pid}\n`);
    this.child!.kill('SIGCONT');
  }

  /** SIGTERM (the HTTP server drains, then Nest's shutdown hooks: consumers leave their groups), SIGKILL after timeoutMs. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    live.delete(this);
  }

  logTail(lines: number): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Hygiene: no orphans

const live = new Set<ServiceProcess>();
process.on('exit', () => live.forEach((s) => s.pid && tryKill(s.pid)));

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

/** A detached sh that kills the service if this (test) process dies first, e.g. a killed jest worker. */
function watchdog(childPid: number): void {
  const script = 'P=$1; C=$2; while kill -0 "$P" 2>/dev/null && kill -0 "$C" 2>/dev/null; do sleep 1; done; kill -0 "$P" 2>/dev/null || kill -9 "$C" 2>/dev/null; exit 0';
  const w = spawn('sh', ['-c', script, 'cluebus-service-watchdog', String(process.pid), String(childPid)], { detached: true, stdio: 'ignore' });
  w.on('error', () => undefined);
  w.unref();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
