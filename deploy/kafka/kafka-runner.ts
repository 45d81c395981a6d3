/**
 * A real single-node Apache Kafka broker (KRaft, combined broker+controller) without Docker.
 *
 *   const kafka = await startKafka();       // kafka.brokers -> ['127.0.0.1:<port>']
 *   await kafka.restart();                  // same ports, same data: the fault test uses this
 *   await kafka.stop();                     // stops the JVM and deletes the data dir
 *   await startKafka({ security: true });   // SASL_SSL + SCRAM-SHA-512 + ACLs (kafka-security.ts)
 *
 * First run resolves the broker's jars with Maven (deploy/kafka/pom.xml) into a cache; later
 * runs only start the JVM. No npm dependencies beyond kafkajs (used for the readiness probe).
 * See README.md beside this file for the version choice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from './run-command';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import {
  addScramArgs, applyAcls, cluebusAcls, kafkaSecurity, type KafkaSecurity, type KafkaSecurityOptions, makeTlsMaterial, secureProperties, securityUsers, SUPER_USER,
} from './kafka-security';

/** Kafka 3.9.x: the last line that keeps every protocol version kafkajs 2.2.4 speaks. */
export const DEFAULT_KAFKA_VERSION = '3.9.2';
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const POM = path.join(__dirname, 'pom.xml');
const MARKER = '.complete';

export interface StartKafkaOptions {
  /** Kafka version to fetch/run. Default env CLUEBUS_KAFKA_VERSION, else DEFAULT_KAFKA_VERSION. */
  version?: string;
  /** Cache root; jars go to <cacheDir>/<version>/libs. Default env CLUEBUS_KAFKA_CACHE, else <repo>/.cache/kafka. */
  cacheDir?: string;
  /** Client port; default: a free one. */
  port?: number;
  /** Controller (KRaft quorum) port; default: a free one. */
  controllerPort?: number;
  /** num.partitions for topics created without an explicit count. Default 3. */
  numPartitions?: number;
  /** auto.create.topics.enable. Default false: the bus must create its topics explicitly. */
  autoCreateTopics?: boolean;
  /** Max heap, e.g. '512m'. */
  heap?: string;
  /** Extra server.properties entries (win over ours). */
  properties?: Record<string, string | number | boolean>;
  /** How long to wait for the broker to serve metadata. Default 60 s. */
  startTimeoutMs?: number;
  /** How long SIGTERM may take before SIGKILL. Default 20 s. */
  stopTimeoutMs?: number;
  /**
   * Secure mode (kafka-security.ts): SASL_SSL listener with SCRAM-SHA-512 users (admin, ledger,
   * one per department), TLS from a keystore made with keytool, StandardAuthorizer with
   * cluebus's ACL table. Default off: the suite's shared broker stays plaintext.
   */
  security?: boolean | KafkaSecurityOptions;
  /** Called if the JVM exits without stop()/restart() asking it to. */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  /** Progress messages (mvn fetch, start, restart). Default: silent. */
  log?: (msg: string) => void;
}

export interface KafkaHandle {
  readonly brokers: string[];
  readonly dataDir: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly version: string;
  /** The broker's log4j output. */
  readonly logFile: string;
  /** Secure mode only: CA, users and the client settings to connect as each. */
  readonly security?: KafkaSecurity;
  /** pid of the running JVM (changes on restart). */
  pid(): number | undefined;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Jars

/** Resolves <cache>/<version>/libs with Maven unless a previous run completed it. Returns the dir. */
export async function ensureKafkaLibs(
  version = process.env.CLUEBUS_KAFKA_VERSION || DEFAULT_KAFKA_VERSION,
  cacheDir = process.env.CLUEBUS_KAFKA_CACHE || path.join(REPO_ROOT, '.cache', 'kafka'),
  log: (msg: string) => void = () => {},
): Promise<string> {
  const libs = path.join(cacheDir, version, 'libs');
  if (fs.existsSync(path.join(libs, MARKER))) return libs;

  // Download into a private dir, then rename: concurrent first runs (several jest workers, a
  // developer's CLI) never see a half-filled libs dir and need no lock. The loser discards.
  const tmp = `${libs}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(tmp, { recursive: true });
  const args = [
    '-q', '-B', '-f', POM, `-Dkafka.version=${version}`,
    ...(majorOf(version) >= 4 ? ['-Dkafka.log4j2'] : []),
    'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${tmp}`,
  ];
  const mvn = process.env.MVN || 'mvn';
  log(`fetching Kafka ${version} jars with Maven into ${libs} (first run only)`);
  const started = Date.now();
  const res = await run(mvn, args, REPO_ROOT);
  if (res.code !== 0 || !fs.existsSync(path.join(tmp, `kafka_2.13-${version}.jar`))) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(
      `Could not resolve Kafka ${version} jars with "${mvn} ${args.join(' ')}" (exit ${res.code}).\n` +
        `Maven (3.6+) and access to Maven Central are needed once; or set KAFKA_BROKERS to use a running broker.\n` +
        tail(res.output, 30),
    );
  }
  fs.writeFileSync(path.join(tmp, MARKER), `kafka ${version}, fetched ${new Date().toISOString()}\n`);
  try {
    fs.renameSync(tmp, libs);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another process finished first
    if (!fs.existsSync(path.join(libs, MARKER))) throw new Error(`Kafka libs dir ${libs} exists but is incomplete; delete it`);
  }
  log(`fetched Kafka ${version} jars in ${Date.now() - started} ms`);
  return libs;
}

// ---------------------------------------------------------------------------------------------
// Broker

export async function startKafka(opts: StartKafkaOptions = {}): Promise<KafkaHandle> {
  const version = opts.version || process.env.CLUEBUS_KAFKA_VERSION || DEFAULT_KAFKA_VERSION;
  const log = opts.log ?? (() => {});
  const libs = await ensureKafkaLibs(version, opts.cacheDir, log);
  const port = opts.port ?? (await freePort());
  let controllerPort = opts.controllerPort ?? (await freePort());
  while (controllerPort === port) controllerPort = await freePort(); // a port the caller chose is not handed out by freePort
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 20_000;
  const log4j2 = majorOf(version) >= 4;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluebus-kafka-'));
  const logsDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logsDir);
  const logFile = path.join(logsDir, 'server.log');
  const stdoutFile = path.join(logsDir, 'stdout.log'); // JVM crashes before log4j is up land here
  const serverProps = path.join(dataDir, 'server.properties');
  const logConfig = path.join(dataDir, log4j2 ? 'log4j2.properties' : 'log4j.properties');

  const secure = opts.security ? (opts.security === true ? {} : opts.security) : undefined;
  let security: KafkaSecurity | undefined;
  let scramArgs: string[] = [];
  let secureProps: Record<string, string> = {};
  if (secure) {
    try {
      const passwords = securityUsers(secure);
      const tls = await makeTlsMaterial(path.join(dataDir, 'tls'));
      security = kafkaSecurity(tls, passwords, cluebusAcls(secure.namespace, secure.relayDepartments));
      scramArgs = addScramArgs(passwords);
      secureProps = secureProperties(port, controllerPort, tls, passwords[SUPER_USER]);
    } catch (e) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw e;
    }
  }

  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': path.join(dataDir, 'kraft-logs'),
    'num.partitions': opts.numPartitions ?? 3,
    // Off on purpose: the bus declares its topics (partitions, config). With auto-create a typo'd
    // topic is silently created and "works", and kafkajs sees LEADER_NOT_AVAILABLE races.
    'auto.create.topics.enable': opts.autoCreateTopics ?? false,
    'default.replication.factor': 1,
    'offsets.topic.replication.factor': 1,
    // 1 instead of 50: creating 50 partitions on the first group join costs seconds per run.
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 4,
    ...(log4j2 ? { 'share.coordinator.state.topic.replication.factor': 1, 'share.coordinator.state.topic.min.isr': 1 } : {}),
    ...secureProps,
    ...opts.properties,
  };
  fs.writeFileSync(serverProps, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  fs.writeFileSync(logConfig, log4j2 ? LOG4J2_PROPERTIES : LOG4J_PROPERTIES);

  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const jvmBase = [
    `-Dkafka.logs.dir=${logsDir}`,
    log4j2 ? `-Dlog4j2.configurationFile=${logConfig}` : `-Dlog4j.configuration=file:${logConfig}`,
    '-Djava.awt.headless=true',
    '-cp', `${libs}${path.sep}*`,
  ];

  const cleanupDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    // Format KRaft storage. The cluster id is made here exactly as StorageTool random-uuid makes
    // it (16 random bytes, base64url, never starting with '-'): one JVM start (~1 s) fewer.
    const clusterId = kafkaRandomUuid();
    const fmt = await run(java, ['-Xmx256m', '-XX:TieredStopAtLevel=1', ...jvmBase, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', serverProps, ...scramArgs], dataDir);
    if (fmt.code !== 0) throw new Error(`kafka.tools.StorageTool format failed (exit ${fmt.code}):\n${tail(fmt.output, 30)}`);
  } catch (e) {
    cleanupDir();
    throw e;
  }

  const jvmArgs = [
    `-Xmx${opts.heap ?? '512m'}`, '-Xms128m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError',
    ...(process.env.CLUEBUS_KAFKA_JVM_OPTS?.split(/\s+/).filter(Boolean) ?? []),
    ...jvmBase, 'kafka.Kafka', serverProps,
  ];
  const brokers = [`127.0.0.1:${port}`];
  // The probe (and the ACL set-up) connect as the super user in secure mode.
  const adminClient: Partial<KafkaConfig> | undefined = security ? security.client(SUPER_USER) : undefined;
  let child: ChildProcess | undefined;
  let expectingExit = false;
  let stopped = false;

  const launch = async (again: boolean): Promise<void> => {
    const started = Date.now();
    const out = fs.openSync(stdoutFile, 'a');
    const c = spawn(java, jvmArgs, { cwd: dataDir, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    c.unref(); // a forgotten handle must not keep jest/node alive; the exit hook and watchdog kill it
    child = c;
    expectingExit = false;
    let exitInfo: string | undefined;
    c.once('error', (e) => (exitInfo = `spawn failed: ${e.message}`));
    c.once('exit', (code, signal) => {
      exitInfo = `JVM exited (code ${code}, signal ${signal})`;
      if (!expectingExit && !stopped) opts.onUnexpectedExit?.(code, signal);
    });
    if (c.pid) startWatchdog(c.pid, dataDir);
    try {
      await waitForKafka(brokers, startTimeoutMs, () => exitInfo, adminClient);
      // ACLs live in the metadata log: applied once, they survive restart().
      if (security && !again && secure?.applyAcls !== false) await withAdmin(brokers, adminClient!, (admin) => applyAcls(admin, security!.acls));
    } catch (e) {
      expectingExit = true;
      await terminate(c, 5_000);
      throw new Error(
        `Kafka ${version} did not ${again ? 'restart' : 'start'} on ${brokers[0]}: ${(e as Error).message}\n` +
          `--- errors in ${logFile} ---\n${errorLines(logFile)}\n` +
          `--- ${logFile} (tail) ---\n${tailFile(logFile, 25)}\n--- ${stdoutFile} (tail) ---\n${tailFile(stdoutFile, 20)}`,
      );
    }
    log(`Kafka ${version} ${again ? 'restarted' : 'started'} on ${brokers[0]} in ${Date.now() - started} ms (pid ${c.pid})`);
  };

  const stopJvm = async () => {
    if (!child) return;
    expectingExit = true;
    await terminate(child, stopTimeoutMs);
    child = undefined;
  };

  // stop/restart run one at a time, in call order.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn, fn);
    queue = p.catch(() => {});
    return p;
  };

  const handle: KafkaHandle & { kill(): void } = {
    brokers, dataDir, port, controllerPort, version, logFile, security,
    pid: () => child?.pid,
    restart: () =>
      serial(async () => {
        if (stopped) throw new Error('restart() after stop()');
        await stopJvm();
        await launch(true);
      }),
    stop: () =>
      serial(async () => {
        if (stopped) return;
        stopped = true;
        await stopJvm();
        live.delete(handle);
        cleanupDir();
      }),
    // Synchronous last resort for process 'exit'.
    kill: () => {
      stopped = true;
      try { child?.kill('SIGKILL'); } catch { /* already gone */ }
      cleanupDir();
    },
  };
  live.add(handle);
  installExitHook();
  try {
    await launch(false);
  } catch (e) {
    live.delete(handle);
    stopped = true;
    cleanupDir();
    throw e;
  }
  return handle;
}

/**
 * Polls until the port accepts connections, a kafkajs admin sees a broker in the metadata and
 * the group coordinator answers (so consumer groups can join at once).
 */
export async function waitForKafka(
  brokers: string[],
  timeoutMs = 60_000,
  failed: () => string | undefined = () => undefined,
  /** ssl/sasl of a secure broker (a super user: the probe describes a group). */
  client: Partial<KafkaConfig> = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const [host, portStr] = brokers[0].split(':');
  let last = 'port not open yet';
  const check = () => {
    const f = failed();
    if (f) throw new Error(f);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms (last: ${last})`);
  };
  while (!(await canConnect(host, Number(portStr)))) {
    check();
    await sleep(200);
  }
  const kafka = new Kafka({
    clientId: 'cluebus-kafka-probe', brokers, logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000, requestTimeout: 5_000, retry: { retries: 0 }, ...client,
  });
  for (;;) {
    check();
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === 0) {
        last = 'metadata lists no brokers yet';
      } else {
        // Also wait for the group coordinator: the first consumer to join right after start
        // otherwise crashes on COORDINATOR_LOAD_IN_PROGRESS (kafkajs then restarts it, but a
        // test sees a crash event). This creates/loads __consumer_offsets up front.
        await admin.describeGroups(['cluebus-readiness-probe']);
        return;
      }
    } catch (e) {
      last = (e as Error).message;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await sleep(250);
  }
}

async function withAdmin<T>(brokers: string[], client: Partial<KafkaConfig>, fn: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = new Kafka({ clientId: 'cluebus-kafka-setup', brokers, logLevel: logLevel.NOTHING, requestTimeout: 10_000, ...client }).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Process hygiene: never leave an orphan JVM behind.

const live = new Set<{ kill(): void }>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Runs on normal exit and process.exit(); NOT on signals or SIGKILL -> the watchdog covers those.
  process.on('exit', () => live.forEach((h) => h.kill()));
}

/**
 * A detached `sh` that polls the node process; if node is gone while the JVM still runs (killed
 * test worker, Ctrl-C in a jest parent, crash) it stops the JVM and deletes the data dir.
 * It ends on its own once the JVM exits.
 */
function startWatchdog(javaPid: number, dataDir: string) {
  if (process.platform === 'win32') return;
  const script = [
    'P=$1; J=$2; D=$3',
    'while kill -0 "$J" 2>/dev/null; do',
    '  if ! kill -0 "$P" 2>/dev/null; then',
    '    kill -TERM "$J" 2>/dev/null; i=0',
    '    while kill -0 "$J" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.5; i=$((i+1)); done',
    '    kill -KILL "$J" 2>/dev/null; sleep 0.5; rm -rf "$D"; exit 0',
    '  fi',
    '  sleep 1',
    'done',
  ].join('\n');
  const w = spawn('sh', ['-c', script, 'cluebus-kafka-watchdog', String(process.pid), String(javaPid), dataDir], {
    detached: true, // own process group: survives the Ctrl-C / kill that takes node down
    stdio: 'ignore',
  });
  w.on('error', () => {}); // no sh: the exit hook still covers normal exits
  w.unref();
}

async function terminate(c: ChildProcess, timeoutMs: number): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
  c.kill('SIGTERM'); // Kafka's shutdown hook: controlled shutdown, flushes, releases the lock
  const timer = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/**
 * Ports this process has handed out. A port is free when asked for, but whoever it is for binds
 * it later (a child process, a broker), and until then the kernel may offer the same port to the
 * next caller: two services of one test cluster once got one port, and one answered for both.
 */
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await unboundPort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function unboundPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => { s.destroy(); resolve(ok); };
    s.setTimeout(1_000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}


function kafkaRandomUuid(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-') && id !== 'AAAAAAAAAAAAAAAAAAAAAA' && id !== 'AAAAAAAAAAAAAAAAAAAAAQ') return id;
  }
}

const majorOf = (version: string) => Number(version.split('.')[0]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tail = (text: string, n: number) => text.trimEnd().split('\n').slice(-n).join('\n');
/** ERROR/FATAL lines and the two after each (the cause, e.g. "Address already in use"). */
function errorLines(file: string, max = 30): string {
  const lines = tailFile(file, 100_000).split('\n');
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (/\] (ERROR|FATAL) /.test(l)) out.push(...lines.slice(i, i + 3));
  });
  return out.slice(0, max).join('\n') || '(none)';
}
function tailFile(file: string, n: number): string {
  try {
    return tail(fs.readFileSync(file, 'utf8'), n) || '(empty)';
  } catch {
    return '(missing)';
  }
}

// Appends, so a restart continues the same file. ${kafka.logs.dir} is set on the command line.
const LOG4J_PROPERTIES = `log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=\${kafka.logs.dir}/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
`;
const LOG4J2_PROPERTIES = `status = warn
shutdownHook = disable
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = \${sys:kafka.logs.dir}/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.file.ref = FILE
logger.statechange.name = state.change.logger
logger.statechange.level = warn
logger.request.name = kafka.request.logger
logger.request.level = warn
`;
