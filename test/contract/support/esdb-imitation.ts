import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import {
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type EventStoreDBClient,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';

/**
 * An in-memory IMITATION of the parts of EventStoreDB that EsdbEventStore uses, behind the
 * @eventstore/db-client surface (appendToStream, readStream, readAll, subscribeToAll,
 * dispose), with the client's own error classes. It is NOT the server: it exists so that the
 * adapter's code runs through the whole contract on machines without Docker. It follows the
 * server where the adapter depends on it, as read from EventStoreDB's source
 * (IndexCommitter.CheckCommit, AllReader):
 *  - positions are byte offsets, commit = prepare, one per event, with gaps;
 *  - system events ($stats-…, $metadata) are interleaved in $all; a foreign writer's event too;
 *  - idempotency: for 'any', every id must be in the recent-ids cache for that stream (order
 *    not checked), first found but not all → CorruptedIdempotency → wrong expected version;
 *    for an exact revision below the current one, the ids must be at revision+1… in order;
 *    an idempotent append answers with the original's last revision;
 *  - data and metadata go through JSON and UTF-8 as the client sends them; created has ms
 *    precision as the client converts it;
 *  - readStream of a missing stream fails with StreamNotFoundError; $all reads forwards are
 *    inclusive of fromPosition, backwards exclusive; subscriptions start after fromPosition.
 * A real-server run is test/contract/esdb.contract.spec.ts (testcontainers).
 */
export class EsdbImitation {
  private readonly all: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly recentIds = new Map<string, { stream: string; revision: number }>();
  private readonly subscriptions = new Set<ImitationSubscription>();
  private position = 1_000;
  private appends = 0;

  constructor() {
    this.writeSystem('$settings', '$settings');
  }

  /** A client facade on this server (one per store instance, like one gRPC connection). */
  client(): EventStoreDBClient {
    const server = this;
    const facade = {
      appendToStream: (stream: string, events: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}) =>
        server.append(stream, Array.isArray(events) ? events : [events], options.expectedRevision ?? 'any'),
      readStream: (stream: string, options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint } = {}) =>
        server.readStream(stream, options),
      readAll: (options: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint } = {}) => server.readAll(options),
      subscribeToAll: (options: { fromPosition?: ReadPosition } = {}) => server.subscribe(options.fromPosition ?? 'start', facade),
      dispose: async () => {
        for (const s of server.subscriptions) if (s.owner === facade) s.end();
      },
    };
    return facade as unknown as EventStoreDBClient;
  }

  /** Cuts every live subscription with an "unavailable" error (a network drop); returns how many. */
  dropSubscriptions(owner?: EventStoreDBClient): number {
    let cut = 0;
    for (const s of [...this.subscriptions]) {
      if (owner && s.owner !== owner) continue;
      cut++;
      s.fail(new UnavailableError(undefined as never));
    }
    return cut;
  }

  /** Adds an event written by someone else (no cluebus envelope): not part of the cluebus log. */
  writeForeign(): void {
    this.commit('foreign-writer', [{ id: cryptoId(), type: 'SomethingElse', contentType: 'application/json', data: { x: 1 }, metadata: { by: 'other' } } as EventData]);
  }

  private async append(stream: string, events: EventData[], expected: AppendExpectedRevision): Promise<AppendResult> {
    await tick();
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length - 1;
    const wrong = () =>
      new WrongExpectedVersionError(undefined, { streamName: stream, expected, current: current < 0 ? 'no_stream' : BigInt(current) });
    let check: AppendExpectedRevision = expected;
    if (check === 'stream_exists') {
      if (current < 0) throw wrong();
      check = 'any';
    }
    if (check === 'any') {
      let last = -1;
      for (const [i, e] of events.entries()) {
        const known = this.recentIds.get(e.id);
        if (!known || known.stream !== stream) {
          if (i === 0) return this.commit(stream, events);
          throw wrong(); // CorruptedIdempotency
        }
        last = known.revision;
      }
      return this.idempotent(stream, last);
    }
    const exp = check === 'no_stream' ? -1 : Number(check);
    if (exp < current) {
      let revision = exp;
      for (const e of events) {
        revision++;
        if (existing[revision]?.id === e.id) continue;
        throw wrong(); // first mismatch → WrongExpectedVersion, later → CorruptedIdempotency: both answer "wrong version"
      }
      return this.idempotent(stream, revision);
    }
    if (exp > current) throw wrong();
    return this.commit(stream, events);
  }

  private idempotent(stream: string, lastRevision: number): AppendResult {
    const record = this.streams.get(stream)![lastRevision];
    return { success: true, nextExpectedRevision: BigInt(lastRevision), position: { commit: BigInt(record.position), prepare: BigInt(record.position) } };
  }

  private commit(stream: string, events: EventData[]): AppendResult {
    const list = this.streams.get(stream) ?? [];
    this.streams.set(stream, list);
    const created = new Date(Date.now());
    let last!: StoredRecord;
    for (const e of events) {
      const data = Buffer.from(JSON.stringify(e.data), 'utf8');
      const metadata = e.metadata === undefined ? undefined : Buffer.from(JSON.stringify(e.metadata), 'utf8');
      this.position += 64 + data.length + (metadata?.length ?? 0);
      last = { stream, revision: list.length, id: e.id, type: e.type, isJson: e.contentType === 'application/json', data, metadata, created, position: this.position };
      list.push(last);
      this.all.push(last);
      this.recentIds.set(e.id, { stream, revision: last.revision });
    }
    const result: AppendResult = { success: true, nextExpectedRevision: BigInt(last.revision), position: { commit: BigInt(last.position), prepare: BigInt(last.position) } };
    const written = this.all.slice(this.all.length - events.length);
    // EventStoreDB writes its own events too ($stats every so often, stream metadata).
    if (++this.appends % 5 === 0) this.writeSystem(`$stats-127.0.0.1:2113`, '$statsCollected');
    if (this.appends % 11 === 0) this.writeSystem(`$$${stream}`, '$metadata');
    for (const s of this.subscriptions) s.offer([...written, ...this.all.slice(this.all.indexOf(last) + 1)]);
    return result;
  }

  private writeSystem(stream: string, type: string): void {
    const list = this.streams.get(stream) ?? [];
    this.streams.set(stream, list);
    const data = Buffer.from('{"system":true}');
    this.position += 64 + data.length;
    const record: StoredRecord = { stream, revision: list.length, id: cryptoId(), type, isJson: true, data, created: new Date(), position: this.position };
    list.push(record);
    this.all.push(record);
  }

  private readStream(stream: string, options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint }): Readable {
    const list = this.streams.get(stream);
    if (!list) return failing(new StreamNotFoundError(undefined, stream));
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    let picked: StoredRecord[];
    if (options.direction === 'backwards') {
      const from = options.fromRevision === undefined || options.fromRevision === 'end' ? list.length - 1 : options.fromRevision === 'start' ? 0 : Number(options.fromRevision);
      picked = list.slice(0, from + 1).reverse().slice(0, max);
    } else {
      const from = options.fromRevision === undefined || options.fromRevision === 'start' ? 0 : options.fromRevision === 'end' ? list.length : Number(options.fromRevision);
      picked = list.slice(from, from + max);
    }
    return delayed(picked.map(resolve));
  }

  private readAll(options: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint }): Readable {
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? (options.direction === 'backwards' ? 'end' : 'start');
    let picked: StoredRecord[];
    if (options.direction === 'backwards') {
      const below = from === 'end' ? Infinity : from === 'start' ? 0 : Number((from as Position).commit);
      picked = this.all.filter((r) => r.position < below).reverse().slice(0, max);
    } else {
      const atLeast = from === 'start' ? 0 : from === 'end' ? Infinity : Number((from as Position).commit);
      picked = this.all.filter((r) => r.position >= atLeast).slice(0, max);
    }
    return delayed(picked.map(resolve));
  }

  private subscribe(from: ReadPosition, owner: unknown): ImitationSubscription {
    const after = from === 'start' ? -1 : from === 'end' ? (this.all[this.all.length - 1]?.position ?? -1) : Number((from as Position).commit);
    const subscription = new ImitationSubscription(owner, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    subscription.offer(this.all.filter((r) => r.position > after));
    return subscription;
  }
}

interface StoredRecord {
  stream: string;
  revision: number;
  id: string;
  type: string;
  isJson: boolean;
  data: Buffer;
  metadata?: Buffer;
  created: Date;
  position: number;
}

/** A catch-up subscription: buffered, pausable, asynchronous, with a server-side type filter (excludeSystemEvents). */
class ImitationSubscription extends EventEmitter {
  private queue: StoredRecord[] = [];
  private lastSent = -1;
  private paused = false;
  private done = false;
  private scheduled = false;

  constructor(
    readonly owner: unknown,
    private readonly onClose: () => void,
  ) {
    super();
  }

  offer(records: StoredRecord[]): void {
    if (this.done) return;
    this.queue.push(...records.filter((r) => r.position > this.lastSent && !r.type.startsWith('$')));
    this.schedule();
  }

  pause(): this {
    this.paused = true;
    return this;
  }

  resume(): this {
    this.paused = false;
    this.schedule();
    return this;
  }

  async unsubscribe(): Promise<void> {
    this.end();
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    this.onClose();
    setImmediate(() => this.emit('end'));
  }

  fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    this.onClose();
    setImmediate(() => this.emit('error', error));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      let sent = 0;
      while (!this.done && !this.paused && this.queue.length > 0 && sent < 50) {
        const r = this.queue.shift()!;
        if (r.position <= this.lastSent) continue;
        this.lastSent = r.position;
        this.emit('data', resolve(r) as AllStreamResolvedEvent);
        sent++;
      }
      if (this.queue.length > 0 && !this.paused && !this.done) this.schedule();
    });
  }
}

/** What the client makes of a record (see its convertGrpcRecord). */
function resolve(r: StoredRecord): AllStreamResolvedEvent {
  const position = { commit: BigInt(r.position), prepare: BigInt(r.position) };
  const parse = (b: Buffer) => {
    const text = b.toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  return {
    event: {
      streamId: r.stream,
      id: r.id,
      isJson: r.isJson,
      revision: BigInt(r.revision),
      type: r.type,
      created: new Date(r.created.getTime()),
      data: r.isJson ? parse(r.data) : new Uint8Array(r.data),
      metadata: r.metadata && r.metadata.length > 0 ? parse(r.metadata) : undefined,
      position,
    },
    commitPosition: position.commit,
  } as AllStreamResolvedEvent;
}

function delayed<T>(items: T[]): Readable {
  let i = 0;
  return new Readable({
    objectMode: true,
    read() {
      setImmediate(() => this.push(i < items.length ? items[i++] : null));
    },
  });
}

function failing(error: Error): Readable {
  return new Readable({
    objectMode: true,
    read() {
      setImmediate(() => this.destroy(error));
    },
  });
}

const tick = () => new Promise<void>((r) => setImmediate(r));
let idCounter = 0;
function cryptoId(): string {
  return `00000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;
}
