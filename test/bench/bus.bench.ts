/**
 * `npm run bench -- bus [--rate 500,100] [--seconds 10] [--saturate 2000] [--concurrency 128] [--raw 20000]`
 *
 * End to end through the seven processes (HTTP in at nhc → store → relay → Kafka → recipient's
 * inbox consumer → inbox row), next to raw kafkajs produce→consume of messages of the same size
 * on the same broker, in the same run:
 *
 * 1. raw kafkajs, batched: one idempotent producer (acks all), 100 messages per send, one
 *    consumer group; rate = messages / (last consumed − first sent). The client's ceiling.
 * 2. raw kafkajs, one message per send, `concurrency` senders: the shape of our traffic
 *    (each transfer is its own request), still without HTTP, database or relay.
 * 3. raw kafkajs at each fixed offered rate: p50/p99 of send → consumed.
 * 4. cluebus at each fixed offered rate (open loop: transfer i is due at i/rate, whether or not
 *    earlier ones finished): achieved rate and latency. "Visible" is the recipient's inbox
 *    projection commit: `processed_at` of its dedup mark, written in the same transaction as the
 *    inbox row (it is the transaction's start, so visibility is ~1 ms later; same host clock as
 *    this process). Reported from the HTTP 201 (the bus part: relay, Kafka, consumer) and from
 *    the scheduled send (the whole path, including waiting when the service falls behind).
 * 5. cluebus saturated: `concurrency` transfers in flight; rate = transfers / (last visible −
 *    first sent).
 * Every transfer goes to one recipient. Clues are registered beforehand (not measured) and each
 * is transferred to samr, sta, ccdi, nhsa and mps in turn, far apart in time.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { toBusMessage } from '@cluebus/bus';
import type { DepartmentCode, RecordedEvent } from '@cluebus/contracts';
import { startKafka, type KafkaHandle } from '../../deploy/kafka/kafka-runner';
import type { ApiClient, ClientStats } from '../support/api-client';
import { createTestDatabase } from '../support/postgres-database';
import { type Cluster, ensureBuilt, startCluster } from '../support/processes';
import { BASIS, kickbackClue } from '../fixtures/clues';

interface Options {
  /** Offered rates of the fixed-rate phases, e.g. 500 (the target) and one the machine can sustain. */
  rates: number[];
  seconds: number;
  saturate: number;
  concurrency: number;
  raw: number;
}

const RECIPIENTS: DepartmentCode[] = ['samr', 'sta', 'ccdi', 'nhsa', 'mps'];

function options(args: string[]): Options {
  const get = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    const v = i >= 0 ? Number(args[i + 1]) : fallback;
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
    return v;
  };
  const i = args.indexOf('--rate');
  const rates = (i >= 0 ? args[i + 1] : '500,100').split(',').map(Number);
  if (rates.some((r) => !Number.isFinite(r) || r <= 0)) throw new Error('--rate must be positive numbers, comma-separated');
  return { rates, seconds: get('seconds', 10), saturate: get('saturate', 2_000), concurrency: get('concurrency', 128), raw: get('raw', 20_000) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : `${v.toFixed(1)} ms`);
const perSec = (n: number, millis: number) => (n / millis) * 1000;

export default async function busBench(args: string[]): Promise<void> {
  const o = options(args);
  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, load average at start ${os.loadavg()[0].toFixed(2)}`;
  console.log(`machine: ${machine}`);
  console.log(`options: ${JSON.stringify(o)}`);

  await ensureBuilt();
  let broker: KafkaHandle | undefined;
  let brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) {
    broker = await startKafka({ log: (m) => console.log(`[kafka] ${m}`) });
    brokers = broker.brokers;
  }
  const db = await createTestDatabase('cluebus_bench');
  let cluster: Cluster | undefined;
  const pg = new Client({ connectionString: db.url });
  let stats: ClientStats | undefined;
  try {
    cluster = await startCluster({ databaseUrl: db.url, brokers });
    await pg.connect();
    const kafkaVersion = broker ? broker.version : 'external';
    const nhc = cluster.client('nhc');
    stats = nhc.stats;

    // Clues to transfer: each goes to the five recipients in turn, `perRecipient` transfers apart.
    const warmup = 200;
    const total = warmup + o.rates.reduce((n, r) => n + Math.ceil(r * o.seconds), 0) + o.saturate;
    // A clue comes round again only after `perRecipient` transfers: far more than are ever in flight.
    const perRecipient = Math.max(Math.ceil(total / RECIPIENTS.length), 4 * Math.max(MAX_IN_FLIGHT, o.concurrency));
    const t0 = Date.now();
    const clues = await registerClues(nhc, perRecipient, o.concurrency);
    console.log(`registered ${clues.length} clues in ${Date.now() - t0} ms (not measured)`);
    let nextTransfer = 0;
    const nextTarget = () => {
      const i = nextTransfer++;
      return { clueId: clues[i % perRecipient], to: RECIPIENTS[Math.floor(i / perRecipient)] };
    };

    // Message size: a real ClueTransferred as the relay sends it.
    const sample = await transfer(nhc, nextTarget());
    const [sampleEvent] = (await pg.query(`SELECT * FROM cluebus_events WHERE event_id = $1`, [sample.eventId])).rows;
    const sampleMessage = toBusMessage(toRecorded(sampleEvent));
    const valueBytes = Buffer.byteLength(sampleMessage.value);
    const headerBytes = Object.entries(sampleMessage.headers).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    console.log(`message: ${valueBytes} B value + ${headerBytes} B headers`);

    // --- raw kafkajs ---------------------------------------------------------------------------
    const raw = new RawKafka(brokers, cluster.namespace, valueBytes, sampleMessage.headers);
    const rawBatched = await raw.throughput(o.raw, 100, 1);
    console.log(`raw kafkajs batched: ${rawBatched.rate.toFixed(0)} msg/s`);
    const rawSingle = await raw.throughput(Math.min(o.raw, 10_000), 1, o.concurrency);
    console.log(`raw kafkajs 1 msg/send × ${o.concurrency}: ${rawSingle.rate.toFixed(0)} msg/s`);
    const rawFixed = [];
    for (const rate of o.rates) {
      rawFixed.push({ rate, ...(await raw.fixedRate(rate, o.seconds)) });
      console.log(`raw kafkajs at ${rate}/s: p50 ${ms(rawFixed[rawFixed.length - 1].p50)} p99 ${ms(rawFixed[rawFixed.length - 1].p99)}`);
    }

    // --- cluebus end to end ---------------------------------------------------------------------
    await runTransfers(nhc, pg, Array.from({ length: warmup - 1 }, nextTarget), 16); // JIT, pools, group joins
    const fixed = [];
    for (const rate of o.rates) {
      const f = { rate, ...(await fixedRateTransfers(nhc, pg, Array.from({ length: Math.ceil(rate * o.seconds) }, nextTarget), rate)) };
      fixed.push(f);
      console.log(`cluebus at ${rate}/s offered: achieved ${f.achieved.toFixed(0)}/s; 201→visible p50 ${ms(f.fromResponse.p50)} p99 ${ms(f.fromResponse.p99)}; scheduled→visible p50 ${ms(f.fromSchedule.p50)} p99 ${ms(f.fromSchedule.p99)}`);
    }
    const saturated = await runTransfers(nhc, pg, Array.from({ length: o.saturate }, nextTarget), o.concurrency);
    console.log(`cluebus saturated (${o.concurrency} in flight): ${saturated.rate.toFixed(0)} transfers/s`);

    const loadAfter = os.loadavg()[0].toFixed(2);
    const rows = [
      ['raw kafkajs, 100 msgs/send (client ceiling)', `${rawBatched.rate.toFixed(0)} msg/s`, '', ''],
      [`raw kafkajs, 1 msg/send, ${o.concurrency} senders`, `${rawSingle.rate.toFixed(0)} msg/s`, '', ''],
      ...rawFixed.map((r) => [`raw kafkajs at ${r.rate} msg/s offered — send → consumed`, `${r.achieved.toFixed(0)} msg/s`, ms(r.p50), ms(r.p99)]),
      [`cluebus, ${o.concurrency} transfers in flight (saturated) — 201 → inbox visible`, `${saturated.rate.toFixed(0)} transfers/s`, ms(saturated.fromResponse.p50), ms(saturated.fromResponse.p99)],
      ...fixed.flatMap((f) => [
        [`cluebus at ${f.rate} transfers/s offered — 201 → inbox visible`, `${f.achieved.toFixed(0)} transfers/s`, ms(f.fromResponse.p50), ms(f.fromResponse.p99)],
        [`cluebus at ${f.rate} transfers/s offered — scheduled send → inbox visible`, '', ms(f.fromSchedule.p50), ms(f.fromSchedule.p99)],
        [`cluebus at ${f.rate} transfers/s offered — HTTP transfer (send → 201)`, '', ms(f.http.p50), ms(f.http.p99)],
      ]),
    ];
    console.log(`\n### bus — ${new Date().toISOString().slice(0, 10)}\n`);
    console.log(`\`npm run bench -- bus ${args.join(' ')}\` · ${machine}, load average after ${loadAfter} · Kafka ${kafkaVersion} (local, 1 node, 3 partitions) · PostgreSQL (fsync on) · message ${valueBytes} B + ${headerBytes} B headers\n`);
    console.log('| measurement | rate | p50 | p99 |\n|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(`\n409 conflicts retried: ${conflicts}`);
    console.log(`ratio cluebus saturated / raw kafkajs batched = ${(saturated.rate / rawBatched.rate).toFixed(3)}; / raw 1 msg per send = ${(saturated.rate / rawSingle.rate).toFixed(3)}`);
    console.log(`logs: ${cluster.logDir}`);
    await raw.close();
  } finally {
    // Printed even when a request failed and ended the run.
    if (stats) console.log(`HTTP client: ${stats.retries} retries after connection errors (same Idempotency-Key), ${stats.clientErrors} client errors (failed after retries), ${stats.errorAnswers} error answers (4xx/5xx, 409s included)`);
    await pg.end().catch(() => undefined);
    await cluster?.stop();
    await db.drop();
    await broker?.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// cluebus

interface Target {
  clueId: string;
  to: DepartmentCode;
}
interface Sent {
  to: DepartmentCode;
  eventId: string;
  scheduled: number;
  started: number;
  responded: number;
}

async function registerClues(nhc: ApiClient, n: number, concurrency: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const res = await nhc.post('/v1/clues', kickbackClue(), { 'idempotency-key': randomUUID() });
        if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.clueId);
      }
    }),
  );
  return ids;
}

let conflicts = 0;

async function transfer(nhc: ApiClient, target: Target, scheduled = Date.now()): Promise<Sent> {
  const started = Date.now();
  // Keyed, so the client may retry it on a connection error (ADR 0013) without transferring twice.
  const key = { 'idempotency-key': randomUUID() };
  let res = await nhc.post(`/v1/clues/${target.clueId}/transfers`, { to: [target.to], basis: BASIS }, key);
  // Overloaded, an earlier transfer of the same clue may still be in flight: the API says
  // "read again and retry", so do that (the retry is inside the measured time).
  for (let attempt = 1; res.status === 409 && attempt <= 5; attempt++) {
    conflicts++;
    res = await nhc.post(`/v1/clues/${target.clueId}/transfers`, { to: [target.to], basis: BASIS }, key);
  }
  const responded = Date.now();
  if (res.status !== 201) throw new Error(`transfer: ${res.status} ${JSON.stringify(res.body)}`);
  const eventId = (res.body.events as Array<{ type: string; eventId: string }>).find((e) => e.type === 'ClueTransferred')!.eventId;
  return { to: target.to, eventId, scheduled, started, responded };
}

/** When each transfer became visible in its recipient's inbox (epoch ms), waiting for all. */
async function visibleAt(pg: Client, sent: Sent[], timeoutMs = 300_000): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  while (seen.size < sent.length) {
    const missing = sent.filter((s) => !seen.has(s.eventId));
    const { rows } = await pg.query<{ event_id: string; consumer: string; at: string }>(
      `SELECT event_id, consumer, (extract(epoch FROM processed_at) * 1000)::float8 AS at FROM cluebus_processed_events WHERE event_id = ANY($1::uuid[])`,
      [missing.map((s) => s.eventId)],
    );
    const want = new Map(missing.map((s) => [s.eventId, `inbox-${s.to}`]));
    for (const r of rows) if (want.get(r.event_id) === r.consumer) seen.set(r.event_id, Number(r.at));
    if (seen.size === sent.length) break;
    if (Date.now() > deadline) throw new Error(`${sent.length - seen.size} transfers not visible after ${timeoutMs} ms`);
    await sleep(250);
  }
  return seen;
}

function latencies(sent: Sent[], seen: Map<string, number>, from: (s: Sent) => number) {
  const sorted = sent.map((s) => seen.get(s.eventId)! - from(s)).sort((a, b) => a - b);
  return { p50: pct(sorted, 50), p99: pct(sorted, 99) };
}

async function runTransfers(nhc: ApiClient, pg: Client, targets: Target[], concurrency: number) {
  const sent: Sent[] = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < targets.length) sent.push(await transfer(nhc, targets[next++]));
    }),
  );
  const seen = await visibleAt(pg, sent);
  const last = Math.max(...seen.values());
  return { rate: perSec(sent.length, last - started), fromResponse: latencies(sent, seen, (s) => s.responded) };
}

/**
 * Open loop: transfer i is due at start + i/rate. At most MAX_IN_FLIGHT requests are open; a
 * transfer that has to wait for a slot is late, and its latency "from schedule" counts the wait
 * (no coordinated omission).
 */
const MAX_IN_FLIGHT = 256;

async function fixedRateTransfers(nhc: ApiClient, pg: Client, targets: Target[], rate: number) {
  const sent: Sent[] = [];
  const errors: unknown[] = [];
  const inFlight = new Set<Promise<void>>();
  const start = Date.now() + 50;
  for (let i = 0; i < targets.length; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 1) await sleep(wait);
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const p: Promise<void> = transfer(nhc, targets[i], due).then(
      (s) => void sent.push(s),
      (e) => void errors.push(e),
    );
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
  }
  await Promise.all(inFlight);
  if (errors.length > 0) throw errors[0];
  const seen = await visibleAt(pg, sent);
  const last = Math.max(...seen.values());
  return {
    achieved: perSec(sent.length, last - start),
    fromResponse: latencies(sent, seen, (s) => s.responded),
    fromSchedule: latencies(sent, seen, (s) => s.scheduled),
    http: (() => {
      const sorted = sent.map((s) => s.responded - s.started).sort((a, b) => a - b);
      return { p50: pct(sorted, 50), p99: pct(sorted, 99) };
    })(),
  };
}

function toRecorded(row: Record<string, any>): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    streamPosition: row.stream_position,
    globalPosition: Number(row.global_position),
    recordedAt: new Date(row.recorded_at).toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

// ---------------------------------------------------------------------------------------------
// raw kafkajs, same broker, same message size, same producer settings as the bus

class RawKafka {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private run = 0;

  constructor(
    brokers: string[],
    private readonly namespace: string,
    private readonly valueBytes: number,
    private readonly headers: Record<string, string>,
  ) {
    this.kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  }

  private async prepare() {
    const topic = `${this.namespace}.bench-raw-${++this.run}`;
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    if (!this.producer) {
      this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
    }
    let received = 0;
    let lastAt = 0;
    const lat: number[] = [];
    const consumer = this.kafka.consumer({ groupId: `${topic}-group`, maxWaitTimeInMs: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ message }) => {
        received++;
        lastAt = Date.now();
        const sentAt = Number(message.headers?.['bench-sent-at']?.toString());
        if (sentAt) lat.push(lastAt - sentAt);
      },
    });
    await sleep(500); // the group has joined (fromBeginning covers a late join anyway)
    return { topic, consumer, received: () => received, lastAt: () => lastAt, lat };
  }

  private message(i: number, stamp: boolean) {
    // Same size as a ClueTransferred: a value of valueBytes, the event headers, a stream-like key.
    return { key: `clue-${i % 5000}`, value: 'x'.repeat(this.valueBytes), headers: { ...this.headers, ...(stamp ? { 'bench-sent-at': String(Date.now()) } : {}) } };
  }

  private async drain(c: Awaited<ReturnType<RawKafka['prepare']>>, n: number) {
    const deadline = Date.now() + 120_000;
    while (c.received() < n && Date.now() < deadline) await sleep(20);
    if (c.received() < n) throw new Error(`raw kafkajs: consumed ${c.received()}/${n}`);
    await c.consumer.disconnect();
  }

  async throughput(n: number, perSend: number, senders: number) {
    const c = await this.prepare();
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: senders }, async () => {
        while (next < n) {
          const from = next;
          next = Math.min(n, next + perSend);
          const messages = [];
          for (let i = from; i < next; i++) messages.push(this.message(i, false));
          await this.producer!.send({ topic: c.topic, acks: -1, messages });
        }
      }),
    );
    await this.drain(c, n);
    return { rate: perSec(n, c.lastAt() - started) };
  }

  async fixedRate(rate: number, seconds: number) {
    const c = await this.prepare();
    const n = Math.ceil(rate * seconds);
    const start = Date.now() + 50;
    const pending: Array<Promise<unknown>> = [];
    for (let i = 0; i < n; i++) {
      const wait = start + (i * 1000) / rate - Date.now();
      if (wait > 1) await sleep(wait);
      pending.push(this.producer!.send({ topic: c.topic, acks: -1, messages: [this.message(i, true)] }));
    }
    await Promise.all(pending);
    await this.drain(c, n);
    const sorted = c.lat.sort((a, b) => a - b);
    return { achieved: perSec(n, c.lastAt() - start), p50: pct(sorted, 50), p99: pct(sorted, 99) };
  }

  async close() {
    await this.producer?.disconnect();
  }
}
