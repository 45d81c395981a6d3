/**
 * What a test file uses to reach the run's Kafka broker (set up by kafka-global-setup.ts).
 *
 *   const kafka = new Kafka({ brokers: getKafkaBrokers(), ... });
 *   await restartKafka();   // fault tests: same address afterwards, data kept
 *   await restartKafka(undefined, { signal: 'SIGKILL' });   // kill -9 the JVM first: an unclean stop, log recovery on start
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';

/** The broker list. Throws if no broker was set up: a Kafka test never passes without Kafka. */
export function getKafkaBrokers(): string[] {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) {
    throw new Error(
      'No Kafka broker for this test. Add test/support/kafka/kafka-global-setup.ts (and ' +
        'kafka-global-teardown.ts) as globalSetup/globalTeardown of this jest project, ' +
        'or set KAFKA_BROKERS=host:port (see deploy/kafka/README.md).',
    );
  }
  return brokers;
}

/** external | docker | local, or undefined without the global setup. */
export function kafkaMode(): string | undefined {
  return process.env.CLUEBUS_KAFKA_MODE;
}

/**
 * Restarts the run's broker (SIGTERM, wait, start again on the same port and data) and resolves
 * once it serves metadata again. Works from any jest worker: the broker is owned by jest's parent
 * process, which does the restart when asked through CLUEBUS_KAFKA_CONTROL.
 * Other tests sharing the broker see the outage too: keep fault tests in their own file/topic.
 */
export async function restartKafka(timeoutMs = 180_000, options: { signal?: 'SIGTERM' | 'SIGKILL' } = {}): Promise<void> {
  getKafkaBrokers();
  if (options.signal === 'SIGKILL') await killKafka9();
  const url = process.env.CLUEBUS_KAFKA_CONTROL;
  if (!url) {
    throw new Error(
      `restartKafka(): this run's broker (mode ${kafkaMode() ?? 'unknown'}, KAFKA_BROKERS=${process.env.KAFKA_BROKERS}) ` +
        'was not started by the test run, so it cannot be restarted from here. Unset KAFKA_BROKERS to let the run start one.',
    );
  }
  const { status, body } = await post(`${url}/restart`, timeoutMs);
  if (status !== 200) throw new Error(`restartKafka() failed (HTTP ${status}): ${body}`);
}

function post(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from the Kafka control endpoint in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * kill -9 of the run's local broker JVM (no controlled shutdown, no flush, the lock left behind),
 * resolving once its port is closed; restartKafka() then starts it again on the same data. Only
 * the broker this test run started (mode local): the JVM listening on the broker's port, running
 * kafka.Kafka, and a child of this process or of jest's parent (which owns it) — never another
 * run's broker. The parent logs the exit as unexpected; that line is expected here.
 */
export async function killKafka9(timeoutMs = 30_000): Promise<number> {
  const [broker] = getKafkaBrokers();
  if (kafkaMode() !== 'local') throw new Error(`killKafka9(): needs the local broker the run starts (mode ${kafkaMode() ?? 'unknown'}); set CLUEBUS_KAFKA_RUNTIME=local`);
  const port = Number(broker.split(':').pop());
  const pid = listeningPid(port);
  if (pid === undefined) throw new Error(`killKafka9(): no process found listening on ${broker}`);
  const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  const ppid = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
  if (!cmdline.includes('kafka.Kafka') || (ppid !== process.pid && ppid !== process.ppid)) {
    throw new Error(`killKafka9(): pid ${pid} on ${broker} is not this run's broker (ppid ${ppid}, ${cmdline.slice(0, 3).join(' ')}…)`);
  }
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + timeoutMs;
  while (await portOpen(port)) {
    if (Date.now() > deadline) throw new Error(`killKafka9(): ${broker} still open ${timeoutMs} ms after SIGKILL to pid ${pid}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return pid;
}

/** The pid whose socket LISTENs on 127.0.0.1/0.0.0.0:port (Linux /proc; needs permission to read its fds). */
function listeningPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // 0A = LISTEN
      if (parseInt(cols[1].split(':')[1], 16) === port) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(entry);
      } catch {
        /* gone */
      }
    }
  }
  return undefined;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      s.destroy();
      resolve(open);
    };
    s.setTimeout(1_000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}
