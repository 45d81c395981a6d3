/**
 * The one command path, against a real embedded store (PGlite in memory): a Clue command and a
 * counter aggregate that exists only in this file go through the very same handleCommand, and
 * both get the same guarantees — derived ids and envelope, idempotent replay, refusal of a
 * reused Idempotency-Key, optimistic concurrency.
 */
import { CLUE_EVENT_VERSIONS, clueStreamId, MAX_EVENT_BYTES, type ClueEvent } from '@cluebus/contracts';
import {
  clueDecider,
  DomainError,
  ROUTING_POLICY_V1,
  type ClueCommand,
  type ClueState,
  type Decider,
  type DecisionContext,
  type DomainEvent,
} from '@cluebus/domain';
import { openSqlEventStore, WrongExpectedVersionError, type EventStore, type SqlEventStore } from '@cluebus/eventstore';
import { v7 as uuidv7 } from 'uuid';
import { CommandIds } from './command-ids';
import { handleCommand, type CommandContext, type HandledCommand } from './handle-command';
import { contractSchemaCheck, EventMustMatchItsSchema, EventSchemaViolationError } from './event-schema-check';
import { EventTooLargeError } from './event-too-large.error';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.error';

// ---------------------------------------------------------------------------------------------
// A second aggregate, defined here only: a counter that may not pass a maximum. Its commands are
// not even shaped like the Clue's ({type, data}): the path must not care.
// ---------------------------------------------------------------------------------------------
type CounterCommand = { type: 'Add'; by: number };
type CounterEvent = DomainEvent<'Added', { by: number; total: number }> | DomainEvent<'LimitReached', { total: number }>;
interface CounterState {
  total: number;
}
interface CounterContext {
  max: number;
}

const counterDecider: Decider<CounterCommand, CounterEvent, CounterState, CounterContext> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => (event.type === 'Added' ? { total: event.data.total } : state),
  decide: (command, state, { max }) => {
    const total = state.total + command.by;
    if (total > max) throw new DomainError('COUNTER_LIMIT_EXCEEDED', `total ${total} would pass ${max}`, 'by');
    const added: CounterEvent = { type: 'Added', data: { by: command.by, total } };
    // Two events from one command when the maximum is reached: event ids are per index.
    return total === max ? [added, { type: 'LimitReached', data: { total } }] : [added];
  },
};
/** Versions other than 1, so the test shows they come from the aggregate, not from a default. */
const COUNTER_EVENT_VERSIONS = { Added: 3, LimitReached: 2 } as const;
/** The counter's own contract: its schemas come from the aggregate too, like its versions. */
const total = { type: 'integer', minimum: 0 };
const COUNTER_SCHEMAS = new EventMustMatchItsSchema([
  { type: 'Added', version: 3, schema: { type: 'object', properties: { by: { type: 'integer' }, total }, required: ['by', 'total'], additionalProperties: false } },
  { type: 'LimitReached', version: 2, schema: { type: 'object', properties: { total }, required: ['total'], additionalProperties: false } },
]);

const NHC = 'nhc:341300';
const NOW = new Date('2026-11-10T02:00:00.000Z');
const BASIS = '医药领域腐败问题线索移交机制';

// ---------------------------------------------------------------------------------------------
// Each aggregate as a case of the same tests: where its stream is, a command, another command
// (for a reused key), and what it decides with.
// ---------------------------------------------------------------------------------------------
interface AggregateCase<Command, Event extends DomainEvent, State, Context> {
  name: string;
  decider: Decider<Command, Event, State, Context>;
  /** A stream the commands below apply to (created as needed, fresh for every test). */
  stream(store: EventStore): Promise<string>;
  command(ids: CommandIds): Command;
  otherCommand(ids: CommandIds): Command;
  context(legalBasis?: string): CommandContext<Event, Context>;
}

const envelope = (legalBasis?: string) => ({ department: NHC, actor: '张三', occurredAt: NOW, ...(legalBasis ? { legalBasis } : {}) });

const counter: AggregateCase<CounterCommand, CounterEvent, CounterState, CounterContext> = {
  name: 'a counter (defined in this spec)',
  decider: counterDecider,
  stream: async () => `counter-${uuidv7()}`,
  command: () => ({ type: 'Add', by: 2 }),
  otherCommand: () => ({ type: 'Add', by: 3 }),
  context: (legalBasis) => ({ decision: { max: 10 }, envelope: envelope(legalBasis), schemaVersions: COUNTER_EVENT_VERSIONS, schemas: COUNTER_SCHEMAS }),
};

const clueContext = (legalBasis?: string): CommandContext<ClueEvent, DecisionContext> => ({
  decision: { actor: NHC, now: NOW, deadlines: { acknowledgeDays: 5, feedbackDays: 30 }, routingPolicy: ROUTING_POLICY_V1 },
  envelope: envelope(legalBasis),
  schemaVersions: CLUE_EVENT_VERSIONS,
  schemas: contractSchemaCheck(),
});
const registerClue = (clueId: string): ClueCommand => ({
  type: 'RegisterClue',
  data: {
    clueId,
    source: 'report',
    category: 'kickback',
    alsoConcerns: [],
    summary: '医药代表以学术推广费名义向科室主任支付回扣',
    subjects: [{ kind: 'enterprise', name: '某医药有限公司', role: 'briber', uscc: '91330100716105852F' }],
    attachments: [],
  },
});
const transfer = (ids: CommandIds, to: string[]): ClueCommand => ({ type: 'TransferClue', data: { transferId: ids.childId('transfer'), to, basis: BASIS } });

const clue: AggregateCase<ClueCommand, ClueEvent, ClueState, DecisionContext> = {
  name: 'the Clue',
  decider: clueDecider,
  // A registered clue, through the same path; the commands under test transfer it.
  stream: async (store) => {
    const clueId = uuidv7();
    await handleCommand(store, clueStreamId(clueId), clueDecider, registerClue(clueId), new CommandIds(NHC), clueContext());
    return clueStreamId(clueId);
  },
  command: (ids) => transfer(ids, ['samr']),
  otherCommand: (ids) => transfer(ids, ['sta']),
  context: clueContext,
};

/** For the table of cases: each case was type-checked where it is defined; the table only runs them. */
const anyCase = <C, E extends DomainEvent, S, X>(c: AggregateCase<C, E, S, X>) => ({ aggregate: c as unknown as AggregateCase<unknown, DomainEvent, unknown, unknown> });

/** A store whose readers all wait for each other after reading: they then decide on the same version. */
function storeWhereReadersMeet(store: EventStore, readers: number): EventStore {
  let arrived = 0;
  let release!: () => void;
  const met = new Promise<void>((resolve) => (release = resolve));
  return {
    readStream: async (streamId, options) => {
      const events = await store.readStream(streamId, options);
      if (++arrived === readers) release();
      await met;
      return events;
    },
    append: (streamId, events, options) => store.append(streamId, events, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (handler, options) => store.subscribeToAll(handler, options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}

describe('handleCommand (the one command path) on an embedded store', () => {
  let store: SqlEventStore;
  beforeAll(async () => {
    store = await openSqlEventStore({ kind: 'pglite' });
  }, 60_000);
  afterAll(() => store?.close());

  describe.each([anyCase(counter), anyCase(clue)])('for $aggregate.name', ({ aggregate }) => {
    const handle = (s: EventStore, streamId: string, command: unknown, ids: CommandIds, legalBasis?: string): Promise<HandledCommand> =>
      handleCommand(s, streamId, aggregate.decider, command, ids, aggregate.context(legalBasis));

    it('given a stream, when a command is handled, then its events are appended after the version read, with the derived ids, the envelope and the aggregate\'s schema versions', async () => {
      const streamId = await aggregate.stream(store);
      const before = await store.readStream(streamId);
      const ids = new CommandIds(NHC, `key-${uuidv7()}`);

      const handled = await handle(store, streamId, aggregate.command(ids), ids, BASIS);

      expect(handled.replayed).toBe(false);
      expect(handled.commandId).toBe(ids.commandId);
      expect(handled.events.length).toBeGreaterThan(0);
      expect(await store.readStream(streamId)).toEqual([...before, ...handled.events]);
      handled.events.forEach((e, i) => {
        expect(e.eventId).toBe(ids.eventId(i));
        expect(e.streamPosition).toBe(before.length + i);
        expect(e.schemaVersion).toBe(aggregate.context().schemaVersions[e.type]);
        expect(e.metadata).toEqual({
          department: NHC,
          actor: '张三',
          occurredAt: NOW.toISOString(),
          causationId: ids.commandId,
          // The flow the stream's first event started (or this command, on a new stream).
          correlationId: before[0]?.metadata.correlationId ?? ids.commandId,
          requestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          legalBasis: BASIS,
        });
      });
    });

    it('given a command handled with an Idempotency-Key, when the same request comes again with that key, then the same events are answered, replayed, and nothing is stored', async () => {
      const streamId = await aggregate.stream(store);
      const key = `key-${uuidv7()}`;
      const first = await handle(store, streamId, aggregate.command(new CommandIds(NHC, key)), new CommandIds(NHC, key));
      const head = await store.headPosition();

      const again = await handle(store, streamId, aggregate.command(new CommandIds(NHC, key)), new CommandIds(NHC, key));

      expect(again).toEqual({ commandId: first.commandId, replayed: true, events: first.events });
      expect(await store.headPosition()).toBe(head);
    });

    it('given a command handled with an Idempotency-Key, when another request comes with that key, then IDEMPOTENCY_KEY_REUSED and nothing is stored', async () => {
      const streamId = await aggregate.stream(store);
      const key = `key-${uuidv7()}`;
      await handle(store, streamId, aggregate.command(new CommandIds(NHC, key)), new CommandIds(NHC, key));
      const head = await store.headPosition();

      const reused = await handle(store, streamId, aggregate.otherCommand(new CommandIds(NHC, key)), new CommandIds(NHC, key)).catch((e: unknown) => e);

      expect(reused).toBeInstanceOf(IdempotencyKeyReusedError);
      expect(reused).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect((reused as IdempotencyKeyReusedError).getResponse()).toEqual({
        code: 'IDEMPOTENCY_KEY_REUSED',
        field: 'Idempotency-Key',
        message: 'this Idempotency-Key was used for a different request',
      });
      expect(await store.headPosition()).toBe(head);
    });

    it('given two writers that read the same version, when both append, then one wins and the other gets the store\'s wrong-expected-version error', async () => {
      const streamId = await aggregate.stream(store);
      const before = await store.readStream(streamId);
      const meeting = storeWhereReadersMeet(store, 2);
      const [a, b] = [new CommandIds(NHC, `key-${uuidv7()}`), new CommandIds(NHC, `key-${uuidv7()}`)];

      const results = await Promise.allSettled([
        handle(meeting, streamId, aggregate.command(a), a),
        handle(meeting, streamId, aggregate.otherCommand(b), b),
      ]);

      const won = results.filter((r): r is PromiseFulfilledResult<HandledCommand> => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect([won.length, lost.length]).toEqual([1, 1]);
      expect(lost[0].reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(lost[0].reason).toMatchObject({ streamId, expected: before.length === 0 ? 'no-stream' : before.length - 1 });
      expect(await store.readStream(streamId)).toEqual([...before, ...won[0].value.events]);
    });

    it('given two copies of one request racing with one Idempotency-Key, when both append, then both succeed with the same events, stored once', async () => {
      const streamId = await aggregate.stream(store);
      const before = await store.readStream(streamId);
      const meeting = storeWhereReadersMeet(store, 2);
      const key = `key-${uuidv7()}`;

      const [x, y] = await Promise.all([0, 1].map(() => handle(meeting, streamId, aggregate.command(new CommandIds(NHC, key)), new CommandIds(NHC, key))));

      expect(x.events).toEqual(y.events);
      expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
      expect(await store.readStream(streamId)).toEqual([...before, ...x.events]);
    });
  });

  describe('what each aggregate decides stays its own', () => {
    it('given a decider whose event would be over MAX_EVENT_BYTES, when handled, then 413 EVENT_TOO_LARGE and nothing is stored (the relay could never ship it)', async () => {
      type Note = { type: 'Write'; text: string };
      const notes: Decider<Note, DomainEvent<'Written', { text: string }>, null, null> = {
        initialState: () => null,
        evolve: (state) => state,
        decide: (command) => [{ type: 'Written', data: { text: command.text } }],
      };
      const schemas = new EventMustMatchItsSchema([{ type: 'Written', version: 1, schema: { type: 'object', properties: { text: { type: 'string' } } } }]);
      const ctx = { decision: null, envelope: envelope(), schemaVersions: { Written: 1 }, schemas };
      const head = await store.headPosition();
      const refused = handleCommand(store, `note-${uuidv7()}`, notes, { type: 'Write', text: 'x'.repeat(MAX_EVENT_BYTES) }, new CommandIds(NHC), ctx);
      await expect(refused).rejects.toBeInstanceOf(EventTooLargeError);
      await expect(refused).rejects.toMatchObject({ code: 'EVENT_TOO_LARGE', status: 413 });
      expect(await store.headPosition()).toBe(head);
      // just under the cap is fine
      await handleCommand(store, `note-${uuidv7()}`, notes, { type: 'Write', text: 'x'.repeat(MAX_EVENT_BYTES - 4096) }, new CommandIds(NHC), ctx);
      expect(await store.headPosition()).toBe(head + 1);
    });

    it('given a decider whose event does not match its schema, when handled, then EventSchemaViolationError names type, version and path, and nothing is stored', async () => {
      const head = await store.headPosition();
      const broken: typeof counterDecider = { ...counterDecider, decide: (command) => [{ type: 'Added', data: { by: command.by, total: 'two' as unknown as number } }] };
      const refused = handleCommand(store, `counter-${uuidv7()}`, broken, { type: 'Add', by: 2 }, new CommandIds(NHC), counter.context());
      await expect(refused).rejects.toBeInstanceOf(EventSchemaViolationError);
      await expect(refused).rejects.toThrow('Added v3 does not match its JSON Schema: /total must be integer');
      expect(await store.headPosition()).toBe(head);
    });

    it('given the counter near its maximum, when a command reaches it, then both events are stored in order with per-index ids; past it, the refusal propagates and nothing is stored', async () => {
      const streamId = `counter-${uuidv7()}`;
      const ctx = counter.context();
      await handleCommand(store, streamId, counterDecider, { type: 'Add', by: 8 }, new CommandIds(NHC), ctx);
      const ids = new CommandIds(NHC, `key-${uuidv7()}`);

      const reached = await handleCommand(store, streamId, counterDecider, { type: 'Add', by: 2 }, ids, ctx);
      expect(reached.events.map((e) => [e.type, e.data, e.schemaVersion, e.eventId, e.streamPosition])).toEqual([
        ['Added', { by: 2, total: 10 }, 3, ids.eventId(0), 1],
        ['LimitReached', { total: 10 }, 2, ids.eventId(1), 2],
      ]);

      const head = await store.headPosition();
      await expect(handleCommand(store, streamId, counterDecider, { type: 'Add', by: 1 }, new CommandIds(NHC), ctx)).rejects.toMatchObject({
        code: 'COUNTER_LIMIT_EXCEEDED',
        field: 'by',
      });
      expect(await store.headPosition()).toBe(head);
    });

    it('given a registered clue, when a transfer names a bare code and no deadlines, then the clue decider resolves them from its context', async () => {
      const streamId = await clue.stream(store);
      const ids = new CommandIds(NHC);
      const command = transfer(ids, ['samr']);

      const { events } = await handleCommand(store, streamId, clueDecider, command, ids, clueContext(BASIS));

      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'ClueTransferred',
        schemaVersion: CLUE_EVENT_VERSIONS.ClueTransferred,
        data: {
          transferId: command.type === 'TransferClue' ? command.data.transferId : undefined,
          from: NHC,
          to: ['samr:341300'],
          acknowledgeBy: '2026-11-15T02:00:00.000Z',
          feedbackBy: '2026-12-10T02:00:00.000Z',
          policyVersion: ROUTING_POLICY_V1.version,
        },
        metadata: { legalBasis: BASIS },
      });
    });
  });
});
