/**
 * jest globalSetup: makes one Kafka broker available to the whole test run.
 *
 *   1. KAFKA_BROKERS already set      -> use it (external broker; restartKafka() unavailable)
 *   2. a Docker engine answers        -> @testcontainers/kafka (cp-kafka 7.9 = Apache Kafka 3.9)
 *   3. otherwise                      -> deploy/kafka startKafka(): real broker from Maven jars
 *   (CLUEBUS_KAFKA_RUNTIME=local|docker forces 2 or 3.)
 *
 * Runs in jest's parent process. What workers get, through inherited env:
 *   KAFKA_BROKERS            host:port[,host:port]
 *   CLUEBUS_KAFKA_MODE       external | docker | local
 *   CLUEBUS_KAFKA_CONTROL    URL of a tiny HTTP control endpoint served from this process;
 *                            restartKafka() POSTs to it. The broker process stays owned by
 *                            the parent (a worker that respawned it itself could die and take
 *                            the broker with it, or leave it orphaned).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startKafka, waitForKafka, type KafkaHandle } from '../../../deploy/kafka/kafka-runner';

export interface KafkaForTests {
  mode: 'external' | 'docker' | 'local';
  brokers: string[];
  restart?: () => Promise<void>;
  stop: () => Promise<void>;
  control?: http.Server;
  envBefore: { KAFKA_BROKERS?: string };
}

/** Shared with the teardown module: jest runs both in the same (parent) process. */
export const STATE_KEY = '__CLUEBUS_KAFKA_FOR_TESTS__';
const DOCKER_IMAGE = process.env.CLUEBUS_KAFKA_IMAGE || 'confluentinc/cp-kafka:7.9.0';
const log = (msg: string) => console.log(`[kafka] ${msg}`);

export default async function kafkaGlobalSetup(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  if (g[STATE_KEY]) return; // already set up in this process

  const envBefore = { KAFKA_BROKERS: process.env.KAFKA_BROKERS };
  const started = Date.now();
  let state: KafkaForTests;
  if (process.env.KAFKA_BROKERS) {
    const brokers = process.env.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean);
    state = { mode: 'external', brokers, stop: async () => {}, envBefore };
    log(`using KAFKA_BROKERS=${brokers.join(',')}`);
  } else if (await dockerAvailable()) {
    state = { ...(await startContainer()), envBefore };
  } else {
    state = { ...(await startLocal()), envBefore };
  }
  if (state.mode !== 'external') log(`${state.mode} broker on ${state.brokers.join(',')} ready in ${Date.now() - started} ms`);

  if (state.restart) {
    const { server, url } = await controlServer(state.restart);
    state.control = server;
    process.env.CLUEBUS_KAFKA_CONTROL = url;
  }
  process.env.KAFKA_BROKERS = state.brokers.join(',');
  process.env.CLUEBUS_KAFKA_MODE = state.mode;
  g[STATE_KEY] = state;
}

async function startLocal(): Promise<Omit<KafkaForTests, 'envBefore'>> {
  let handle: KafkaHandle | undefined;
  handle = await startKafka({
    log,
    onUnexpectedExit: (code, signal) =>
      console.error(`[kafka] local broker exited unexpectedly (code ${code}, signal ${signal}); log: ${handle?.logFile}`),
  });
  const h = handle;
  return { mode: 'local', brokers: h.brokers, restart: () => h.restart(), stop: () => h.stop() };
}

async function startContainer(): Promise<Omit<KafkaForTests, 'envBefore'>> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  log(`starting ${DOCKER_IMAGE} with testcontainers`);
  const container = await new KafkaContainer(DOCKER_IMAGE)
    .withKraft()
    .withEnvironment({
      // Same behaviour as the local runner (see deploy/kafka/README.md).
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_NUM_PARTITIONS: '3',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1', // cp-kafka defaults to 3
    })
    .start();
  const port = container.getMappedPort(9093); // KafkaContainer's host-facing listener
  const brokers = [`${container.getHost()}:${port}`];
  await waitForKafka(brokers, 60_000);
  return {
    mode: 'docker',
    brokers,
    restart: async () => {
      await container.restart({ timeout: 20 }); // seconds (docker's `t`) before SIGKILL
      // The broker advertises the host port mapped at first start; Docker may pick a new one.
      if (container.getMappedPort(9093) !== port) {
        throw new Error(`Kafka container came back on host port ${container.getMappedPort(9093)}, not ${port}; clients cannot follow`);
      }
      await waitForKafka(brokers, 60_000);
    },
    stop: async () => {
      await container.stop();
    },
  };
}

/** Cheap file/env checks first, so machines without Docker never load testcontainers. */
async function dockerAvailable(): Promise<boolean> {
  const forced = process.env.CLUEBUS_KAFKA_RUNTIME;
  if (forced === 'local') return false;
  if (forced === 'docker') return true;
  const home = os.homedir();
  const hints = [
    process.env.DOCKER_HOST,
    fs.existsSync('/var/run/docker.sock'),
    fs.existsSync(path.join(home, '.docker', 'run', 'docker.sock')),
    fs.existsSync(path.join(home, '.testcontainers.properties')),
    process.env.XDG_RUNTIME_DIR && fs.existsSync(path.join(process.env.XDG_RUNTIME_DIR, 'docker.sock')),
  ];
  if (!hints.some(Boolean)) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 15 s')), 15_000).unref()),
    ]);
    return true;
  } catch (e) {
    log(`Docker hinted at but not usable (${(e as Error).message}); using the local runner`);
    return false;
  }
}

async function controlServer(restart: () => Promise<void>): Promise<{ server: http.Server; url: string }> {
  const token = randomBytes(16).toString('hex'); // only this run's workers know the URL
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST' || req.url !== `/${token}/restart`) return reply(404, { error: 'not found' });
    const t0 = Date.now();
    restart().then(
      () => reply(200, { ok: true, ms: Date.now() - t0 }),
      (e: Error) => reply(500, { error: e.message }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref(); // never what keeps jest alive
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${token}` };
}
