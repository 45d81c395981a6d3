import type { Bus } from '@cluebus/bus';
import type { SqlClient } from '@cluebus/eventstore';
import { GroupRunner } from './group-runner';
import { LEASE_SCHEMA, newHolderId } from './lease';
import { groupIdOf, type Processor, type ProcessorStatus } from './processor';
import { type ProcessorLog, silentProcessorLog } from './processor-log';
import { SingletonRunner } from './singleton-runner';

export interface ProcessorHostOptions {
  bus: Bus;
  /** Where the leases live: the store's own database, so a lease means the same to every process. */
  sql: SqlClient;
  /** Lease lifetime (CLUEBUS_LEASE_TTL_MS, default 6 s): the longest a dead holder blocks its standby. */
  leaseTtlMs?: number;
  holder?: string;
  log?: ProcessorLog;
  /** How often consumers log their counts (0: never by time). */
  reportEveryMs?: number;
}

export const DEFAULT_LEASE_TTL_MS = 6_000;

/**
 * The one host for everything that runs on its own: starts the declared processors — group
 * consumers at once, singletons behind their lease — reports their state, stops them in reverse.
 */
export class ProcessorHost {
  private readonly groups: GroupRunner[] = [];
  private readonly singletons: SingletonRunner[] = [];
  private readonly log: ProcessorLog;
  private reportTimer?: NodeJS.Timeout;
  readonly holder: string;

  constructor(private readonly options: ProcessorHostOptions) {
    this.log = options.log ?? silentProcessorLog;
    this.holder = options.holder ?? newHolderId();
  }

  async start(processors: Processor[]): Promise<void> {
    validateDeclarations(processors);
    if (processors.some((p) => p.kind === 'singleton')) await this.options.sql.exec(LEASE_SCHEMA);
    for (const p of processors) {
      if (p.kind === 'group') {
        const runner = new GroupRunner(this.options.bus, p, this.log);
        await runner.start();
        this.groups.push(runner);
      }
    }
    for (const p of processors) {
      if (p.kind === 'singleton') {
        const runner = new SingletonRunner(this.options.sql, p, { ttlMs: this.options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS, holder: this.holder }, this.log);
        await runner.start();
        this.singletons.push(runner);
      }
    }
    const every = this.options.reportEveryMs ?? 5_000;
    if (every > 0) {
      this.reportTimer = setInterval(() => this.groups.forEach((g) => g.report()), every);
      this.reportTimer.unref();
    }
    this.log.log({ msg: 'processors started', holder: this.holder, processors: this.status().map((s) => `${s.name}:${s.state}`) });
  }

  status(): ProcessorStatus[] {
    return [...this.groups.map((g) => g.status()), ...this.singletons.map((s) => s.status())];
  }

  /** The status of one processor by name (undefined when this host does not declare it). */
  find(name: string): ProcessorStatus | undefined {
    return this.status().find((s) => s.name === name);
  }

  async stop(): Promise<void> {
    clearInterval(this.reportTimer);
    for (const s of [...this.singletons].reverse()) await s.stop();
    for (const g of [...this.groups].reverse()) await g.stop();
    this.singletons.length = 0;
    this.groups.length = 0;
  }
}

/**
 * Refuses declarations that would fail silently at run time. Names must be unique. And one
 * consumer group reads exactly one topic: kafkajs's group leader computes the assignment for
 * the topics IT subscribes to only (consumerGroup.js: `assigner.assign({ members, topics:
 * topicsSubscribed })`), and a member handed partitions of a topic it did not subscribe to
 * drops them. So two processors sharing a group id over different topics — in one process or
 * in two — leave one of them with no partitions and no error: the cause of the ledger consumer
 * that stopped applying events when the two runtimes were first folded.
 */
export function validateDeclarations(processors: Processor[]): void {
  const names = new Set<string>();
  const topicOfGroup = new Map<string, string>();
  for (const p of processors) {
    if (names.has(p.name)) throw new Error(`processor ${p.name} is declared twice`);
    names.add(p.name);
    if (p.kind !== 'group') continue;
    const group = groupIdOf(p);
    const other = topicOfGroup.get(group);
    if (other !== undefined) {
      throw new Error(`consumer group ${group} is declared for ${other} and ${p.topic}: one group must consume one topic (kafkajs assigns only the leader's topics)`);
    }
    topicOfGroup.set(group, p.topic);
  }
}
