/**
 * Per-stream order through the dead-letter topic, one contract for both buses (InProcessBus
 * of standalone, KafkaBus on the suite's real broker): when a clue's ClueTransferred is parked,
 * the TransferAcknowledged that follows is parked behind it instead of being applied to a row
 * that does not exist; after the fix, replaying the transfer releases both, in order, and the
 * inbox row ends `acknowledged` — a state the events can produce.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type Bus, InProcessBus, KafkaBus, readDeadLetterLog, replayEntries, selectForReplay, DeadLetterAdmin, type DeadLetterEntry, toBusMessage, Topics } from '@cluebus/bus';
import type { RecordedEvent } from '@cluebus/contracts';
import { PgliteSqlClient, type SqlExecutor } from '@cluebus/eventstore';
import { InboxProjection, type Projection } from '@cluebus/projections';
import { ProcessorHost, projectionConsumer } from '@cluebus/processors';
import { eventually } from '../support/api-client';
import { getKafkaBrokers } from '../support/kafka/kafka-broker';

jest.setTimeout(120_000);

/** The inbox with a bug for chosen events (a stand-in for a constraint the deployment got wrong); "the fix" clears it. */
class BuggyInbox implements Projection {
  private readonly inner = new InboxProjection('samr');
  readonly name = this.inner.name;
  readonly schema = this.inner.schema;
  readonly failing = new Set<string>();
  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    if (this.failing.has(event.eventId)) throw new Error(`projection bug on ${event.type}`);
    return this.inner.apply(tx, event);
  }
}

let position = 0;
function recorded(streamId: string, type: string, data: Record<string, unknown>): RecordedEvent {
  position++;
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: { department: 'nhc:341300', actor: 'x', occurredAt: new Date().toISOString(), causationId: randomUUID(), correlationId: 'c' },
    streamId,
    streamPosition: position,
    globalPosition: position,
    recordedAt: new Date().toISOString(),
    prevHash: '',
    hash: '',
  };
}

interface BusUnderTest {
  bus: Bus;
  deadLetters(): Promise<DeadLetterEntry[]>;
  replay(eventId: string): Promise<void>;
}

const buses: Array<[string, () => BusUnderTest]> = [
  [
    'InProcessBus',
    () => {
      const bus = new InProcessBus();
      return {
        bus,
        deadLetters: async () => readDeadLetterLog(bus.deadLetterRecords()),
        replay: (eventId) => replayEntries(bus, selectForReplay(readDeadLetterLog(bus.deadLetterRecords()), { eventId })),
      };
    },
  ],
  [
    'KafkaBus',
    () => {
      const bus = new KafkaBus({ brokers: getKafkaBrokers(), clientId: 'dlq-order', namespace: `dlqo${randomBytes(4).toString('hex')}`, partitions: 3 });
      const admin = new DeadLetterAdmin(bus);
      return { bus, deadLetters: () => admin.list(), replay: async (eventId) => void (await admin.replay({ eventId })) };
    },
  ],
];

describe.each(buses)('dead letters keep per-stream order on %s', (_, make) => {
  it('given ClueTransferred parked, when its acknowledgement arrives and later the transfer is replayed, then both are applied in order and the row ends acknowledged', async () => {
    const { bus, deadLetters, replay } = make();
    const sql = await PgliteSqlClient.open();
    const projection = new BuggyInbox();
    const host = new ProcessorHost({ bus, sql, reportEveryMs: 0 });
    try {
      await bus.ensureTopics([Topics.deadLetter, Topics.department('samr')]);
      await host.start([projectionConsumer({ name: 'inbox-samr', topic: Topics.department('samr'), projection, sql })]);
      const clueId = randomUUID();
      const transferId = randomUUID();
      const stream = `clue-${clueId}`;
      const transferred = recorded(stream, 'ClueTransferred', {
        clueId,
        transferId,
        from: 'nhc:341300',
        to: ['samr:341300'],
        basis: '线索移交机制',
        acknowledgeBy: '2027-01-01T00:00:00.000Z',
        feedbackBy: '2027-02-01T00:00:00.000Z',
      });
      const acknowledged = recorded(stream, 'TransferAcknowledged', { clueId, transferId, by: 'samr:341300' });
      const otherClue = randomUUID();
      const unrelated = recorded(`clue-${otherClue}`, 'ClueTransferred', { ...transferred.data, clueId: otherClue, transferId: randomUUID() });
      projection.failing.add(transferred.eventId);

      // when: the transfer fails for good and is parked; the acknowledgement follows
      await bus.publish(Topics.department('samr'), [toBusMessage(transferred)]);
      await eventually(async () => (await deadLetters()).some((e) => e.eventId === transferred.eventId), 60_000, 'the transfer parked');
      await bus.publish(Topics.department('samr'), [toBusMessage(acknowledged), toBusMessage(unrelated)]);
      const inbox = async () => (await sql.query<{ transfer_id: string; status: string }>(`SELECT transfer_id, status FROM cluebus_inbox`)).rows;
      await eventually(async () => (await inbox()).some((r) => r.transfer_id === unrelated.data.transferId), 60_000, 'the unrelated clue applied');

      // then: the acknowledgement waits behind the transfer; other clues flow on
      await eventually(async () => (await deadLetters()).some((e) => e.eventId === acknowledged.eventId), 60_000, 'the acknowledgement parked behind');
      const parked = await deadLetters();
      expect(parked.map((e) => e.eventId)).toEqual([transferred.eventId, acknowledged.eventId]);
      expect(parked[1].error).toMatch(/parked behind/);
      expect((await inbox()).map((r) => r.transfer_id)).toEqual([unrelated.data.transferId]);

      // when: fixed and replayed (the transfer's event id brings its follower along)
      projection.failing.clear();
      await replay(transferred.eventId);

      // then
      await eventually(async () => (await inbox()).find((r) => r.transfer_id === transferId)?.status === 'acknowledged', 60_000, 'the row acknowledged');
      expect((await sql.query(`SELECT count(*)::int AS n FROM cluebus_parked_events`)).rows[0]).toEqual({ n: 0 });
    } finally {
      await host.stop();
      await bus.close();
      await sql.close();
    }
  });
});
