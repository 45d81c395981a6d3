/**
 * The EventStore port on EventStoreDB / KurrentDB, through @eventstore/db-client (gRPC).
 *
 * Where it differs from the SQL store (details and reasons in ./README.md):
 *  - globalPosition is EventStoreDB's commit position (a byte offset in its transaction log):
 *    strictly increasing in commit order, never reused, but NOT contiguous. `after` arguments
 *    must be 0 or a position this store returned.
 *  - The hash chain is not stored. prevHash/hash are the same global chain the SQL store writes
 *    (same content, same algorithm, GENESIS first), computed on read by LazyChain over the log
 *    as the server returns it. EventStoreDB has no writers' lock we could take to stamp hashes
 *    at write time, and a per-stream chain would not be the documented "previous event in the
 *    global log". The server does not vouch for these hashes; anchored checkpoints do. Positions
 *    are not 1..n, so libs/audit's verify-log and Merkle leaf indexes need ordinals here.
 *  - Event ids are unique per stream, not globally: the same id in another stream is stored
 *    (EventStoreDB has no global id index). A re-append of the same ids to the same stream is
 *    absorbed by the server (for 'any' only while the ids are in its recent-ids cache, as in
 *    KurrentDB) and reported as idempotentReplay, told apart from a fresh write by an append id
 *    kept in the event metadata. Ids already in the stream but not as this append →
 *    EventIdConflictError, as in the SQL store.
 *  - A U+0000 in a string is stored and read back unchanged (the SQL store refuses it).
 *  - Maximum append size is the server's (1 MiB by default, MaxAppendSize).
 *  - subscribeToAll is a server catch-up subscription that is re-opened from the last position
 *    the handler accepted whenever it drops (ResubscribingSubscription).
 */
import { randomUUID } from 'node:crypto';
import { withCanonicalIds } from '../canonical-event-ids';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  EventStoreDBClient,
  ResolvedEvent,
} from '@eventstore/db-client';
import type { NewEvent, RecordedEvent } from '@cluebus/contracts';
import type { HashAlgorithm } from '@cluebus/audit';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { EventIdConflictError } from '../errors';
import type { Upcaster } from '../upcasting/upcaster';
import { LazyChain, type LogPage, type UnsealedEvent } from './lazy-chain';
import {
  fromResolvedEvent,
  isClientWrongExpectedVersion,
  toEventData,
  toExpectedRevision,
  toGlobalPosition,
  toReadPosition,
  toWrongExpectedVersion,
  withoutAppendId,
  type DecodedEvent,
} from './esdb-mapping';
import { ResubscribingSubscription, type FeedHandle, type FeedSink } from './resubscribing-subscription';

type ClientModule = typeof import('@eventstore/db-client');

export interface EsdbEventStoreOptions {
  hashAlgorithm?: HashAlgorithm;
  upcaster?: Upcaster;
  /** Events per $all read (default 512). */
  readPageSize?: number;
  /** How far back in a stream to look for an append's ids after a version conflict (default 4096). */
  idLookbackLimit?: number;
  /** LazyChain tuning. */
  chainCheckpointInterval?: number;
  chainCacheSize?: number;
  /** First re-subscribe / retry delay of subscriptions (ms, default 100). */
  subscriptionBackoffMs?: number;
}

export class EsdbEventStore implements EventStore {
  private readonly chain: LazyChain;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  private constructor(
    readonly client: EventStoreDBClient,
    private readonly esdb: ClientModule,
    private readonly options: EsdbEventStoreOptions,
    private readonly ownsClient: boolean,
  ) {
    this.chain = new LazyChain((after, max) => this.readPage(after, max), {
      algorithm: options.hashAlgorithm ?? 'sha256',
      checkpointInterval: options.chainCheckpointInterval,
      cacheSize: options.chainCacheSize,
    });
  }

  /** Connects with a connection string, e.g. `esdb://127.0.0.1:2113?tls=false`. */
  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    const esdb = loadClient();
    return new EsdbEventStore(esdb.EventStoreDBClient.connectionString(connectionString), esdb, options, true);
  }

  /** Uses a client the caller owns (close() leaves it open). */
  static withClient(client: EventStoreDBClient, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(client, loadClient(), options, false);
  }

  get hashAlgorithm(): HashAlgorithm {
    return this.chain.algorithm;
  }

  async append(streamId: string, given: NewEvent[], { expectedVersion }: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    if (given.length === 0) throw new RangeError('append: no events');
    const events = withCanonicalIds(given);
    if (streamId.startsWith('$')) throw new RangeError(`append: ${streamId} is an EventStoreDB system stream name`);
    const expectedRevision = toExpectedRevision(expectedVersion);
    const ids = events.map((e) => e.eventId);
    if (new Set(ids).size !== ids.length) throw new EventIdConflictError(ids.find((id, i) => ids.indexOf(id) !== i)!, 'appears twice in one append');
    const appendId = randomUUID();
    let next: bigint;
    try {
      const result = await this.client.appendToStream(streamId, events.map((e) => toEventData(e, appendId)), { expectedRevision });
      next = result.nextExpectedRevision;
    } catch (error) {
      if (!isClientWrongExpectedVersion(error)) throw error;
      // The server answers "wrong expected version" also when the ids are in the stream but not
      // as this append (its CorruptedIdempotency), and when they are there as this append but at
      // another place than the expected version says. Tell those apart as the SQL store does.
      const found = await this.findIds(streamId, ids);
      if (found.length === 0) throw toWrongExpectedVersion(error, streamId, expectedVersion);
      return this.replayOrConflict(streamId, ids, found);
    }
    // Read the events back: the port returns them as stored (positions, recordedAt, chain).
    const first = Number(next) - events.length + 1;
    const stored = first < 0 ? [] : await this.readDecoded(streamId, first, events.length);
    if (!sameIds(stored, ids)) {
      // The server took it as idempotent ('any': ids found in its cache) but they are not this
      // append as one contiguous run.
      const found = await this.findIds(streamId, ids);
      return this.replayOrConflict(streamId, ids, found);
    }
    const sealed = await this.chain.sealScattered(stored.map(withoutAppendId));
    const last = sealed[sealed.length - 1];
    return {
      nextExpectedVersion: last.streamPosition,
      lastGlobalPosition: last.globalPosition,
      events: sealed,
      idempotentReplay: stored[0].appendId !== appendId,
    };
  }

  private async replayOrConflict(streamId: string, ids: string[], found: DecodedEvent[]): Promise<AppendResult> {
    if (!sameIds(found, ids)) {
      const clash = found[0] ?? { eventId: ids[0], streamPosition: -1 };
      throw new EventIdConflictError(clash.eventId, `already stored in ${streamId} at ${clash.streamPosition}, not as this append`);
    }
    const sealed = await this.chain.sealScattered(found.map(withoutAppendId));
    const last = sealed[sealed.length - 1];
    return { nextExpectedVersion: last.streamPosition, lastGlobalPosition: last.globalPosition, events: sealed, idempotentReplay: true };
  }

  /** The events of a stream carrying any of these ids, in stream order (bounded look-back). */
  private async findIds(streamId: string, ids: string[]): Promise<DecodedEvent[]> {
    const wanted = new Set(ids.map((id) => id.toLowerCase()));
    const found: DecodedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: 'backwards',
        fromRevision: 'end',
        maxCount: this.options.idLookbackLimit ?? 4096,
      });
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        const e = fromResolvedEvent(resolved);
        if (e && wanted.has(e.eventId.toLowerCase())) found.push(e);
        if (found.length === wanted.size) break;
      }
    } catch (error) {
      if (!this.isStreamNotFound(error)) throw error;
    }
    return found.reverse();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const decoded = await this.readDecoded(streamId, options.fromPosition ?? 0, options.maxCount);
    const sealed = await this.chain.sealScattered(decoded.map(withoutAppendId));
    return this.decode(sealed, options.raw);
  }

  private async readDecoded(streamId: string, from: number, maxCount?: number): Promise<DecodedEvent[]> {
    const out: DecodedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: 'forwards',
        fromRevision: BigInt(Math.max(0, from)),
        ...(maxCount === undefined ? {} : { maxCount }),
      });
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        const e = fromResolvedEvent(resolved);
        if (e) out.push(e);
      }
    } catch (error) {
      if (!this.isStreamNotFound(error)) throw error;
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const asOf = options.asOf?.getTime();
    const out: RecordedEvent[] = [];
    if (maxCount <= 0) return out;
    let link = await this.chain.linkAtOrBefore(after);
    let cursor = after;
    const pageSize = this.options.readPageSize ?? 512;
    for (;;) {
      const page = await this.readPage(cursor, pageSize);
      const sealed = this.chain.sealFollowing(link, page.events);
      for (const e of sealed) {
        if (asOf === undefined || Date.parse(e.recordedAt) <= asOf) out.push(e);
        if (out.length >= maxCount) return this.decode(out, options.raw);
      }
      if (sealed.length > 0) link = { position: sealed[sealed.length - 1].globalPosition, hash: sealed[sealed.length - 1].hash };
      if (page.end || page.lastPosition <= cursor) return this.decode(out, options.raw);
      cursor = page.lastPosition;
    }
  }

  /** One raw page of $all after `after`: cluebus events only, and where the raw read stopped. */
  private async readPage(after: number, maxCount: number): Promise<LogPage> {
    const events: UnsealedEvent[] = [];
    let lastPosition = after;
    let raw = 0;
    const read = this.client.readAll({ fromPosition: toReadPosition(after), direction: 'forwards', maxCount, resolveLinkTos: false });
    for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
      raw++;
      const recorded = resolved.event;
      if (!recorded) continue;
      const position = toGlobalPosition(recorded.position);
      if (position <= after) continue; // the read is inclusive of `after`
      lastPosition = position;
      const e = fromResolvedEvent(resolved);
      if (e) events.push(withoutAppendId(e));
    }
    return { events, lastPosition, end: raw < maxCount };
  }

  async headPosition(): Promise<number> {
    // Newest cluebus event: read $all backwards past EventStoreDB's own (stats, settings) events.
    let from: 'end' | { commit: bigint; prepare: bigint } = 'end';
    for (;;) {
      const read = this.client.readAll({ fromPosition: from, direction: 'backwards', maxCount: 256, resolveLinkTos: false });
      let raw = 0;
      let lowest: { commit: bigint; prepare: bigint } | undefined;
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        raw++;
        if (!resolved.event) continue;
        lowest = resolved.event.position;
        const e = fromResolvedEvent(resolved);
        if (e) return e.globalPosition;
      }
      if (raw < 256 || !lowest) return 0;
      from = lowest;
    }
  }

  subscribeToAll(handler: (events: RecordedEvent[]) => Promise<void>, options: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('subscribeToAll: store is closed');
    const subscription = new ResubscribingSubscription<UnsealedEvent>(
      (after, sink) => this.openFeed(after, sink),
      async (batch, after) => {
        const link = await this.chain.linkAtOrBefore(after);
        await handler(this.decode(this.chain.sealFollowing(link, batch)));
      },
      { initialBackoffMs: this.options.subscriptionBackoffMs, ...options },
    );
    this.subscriptions.add(subscription);
    const stop = subscription.stop.bind(subscription);
    subscription.stop = async () => {
      this.subscriptions.delete(subscription);
      await stop();
    };
    return subscription;
  }

  private openFeed(after: number, sink: FeedSink<UnsealedEvent>): FeedHandle {
    const subscription: AllStreamSubscription = this.client.subscribeToAll({
      fromPosition: toReadPosition(after),
      resolveLinkTos: false,
      filter: this.esdb.excludeSystemEvents(),
    });
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      try {
        const e = fromResolvedEvent(resolved);
        if (e && e.globalPosition > after) sink.event(withoutAppendId(e));
      } catch (error) {
        sink.failed(error);
      }
    });
    subscription.on('error', (error) => sink.failed(error));
    subscription.on('end', () => sink.failed(new Error('EventStoreDB subscription ended')));
    return {
      pause: () => subscription.pause(),
      resume: () => subscription.resume(),
      close: async () => {
        await subscription.unsubscribe().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.ownsClient) await this.client.dispose();
  }

  private decode(events: RecordedEvent[], raw?: boolean): RecordedEvent[] {
    return raw || !this.options.upcaster ? events : events.map((e) => this.options.upcaster!.upcast(e));
  }

  private isStreamNotFound(error: unknown): boolean {
    return error instanceof this.esdb.StreamNotFoundError || (error as { type?: string })?.type === 'stream-not-found';
  }
}

function sameIds(events: Array<{ eventId: string; streamPosition: number }>, ids: string[]): boolean {
  return (
    events.length === ids.length &&
    events.every((e, i) => e.eventId.toLowerCase() === ids[i].toLowerCase() && (i === 0 || e.streamPosition === events[i - 1].streamPosition + 1))
  );
}

/** The client pulls in gRPC and protobuf (~0.2 s): load it only when an ESDB store is opened. */
function loadClient(): ClientModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@eventstore/db-client') as ClientModule;
}
