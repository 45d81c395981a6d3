/**
 * Poison messages on real Kafka: a message the inbox consumer cannot apply is retried, parked
 * on the dead-letter topic with the error and its original headers, and the consumer goes on.
 * After the fix, `cluebus dlq replay` (the built CLI, as an operator runs it) sends it back and
 * it is applied exactly once — a second replay changes nothing.
 *
 * The poison is realistic rather than synthetic: the event is a valid transfer in the store;
 * what fails is the recipient's projection (a database trigger stands in for a bug or a
 * constraint the deployment got wrong). Dropping the trigger is "the fix".
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { CloudEventHeaders, Headers, KafkaBus, Topics } from '@cluebus/bus';
import { eventually } from '../support/api-client';
import { getKafkaBrokers } from '../support/kafka/kafka-broker';
import { clusterOnFreshDatabase } from '../support/cluster-fixture';
import { REPO_ROOT } from '../support/processes';
import { BASIS, kickbackClue } from '../fixtures/clues';

jest.setTimeout(180_000);

const POISON = '（测试：投毒）';
const GROUP = 'cluebus-inbox-samr';

describe('dead letters on Kafka', () => {
  const ctx = clusterOnFreshDatabase('cluebus_dlq', { departments: ['nhc', 'samr'] });

  /** The operator's command line, built, as its own process. */
  async function cli(...args: string[]): Promise<string> {
    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'dist/libs/cli/src/main.js'), ...args], {
      env: { ...process.env, KAFKA_BROKERS: getKafkaBrokers().join(','), CLUEBUS_KAFKA_NAMESPACE: ctx.cluster.namespace },
    });
    return stdout;
  }

  async function transferToSamr(basis: string): Promise<{ transferId: string; eventId: string }> {
    const nhc = ctx.cluster.client('nhc');
    const clue = await nhc.post('/v1/clues', kickbackClue());
    const transfer = await nhc.post(`/v1/clues/${clue.body.clueId}/transfers`, { to: ['samr'], basis });
    expect(transfer.status).toBe(201);
    const transferred = (transfer.body.events as Array<{ type: string; eventId: string }>).find((e) => e.type === 'ClueTransferred')!;
    return { transferId: transfer.body.transferId, eventId: transferred.eventId };
  }

  const inboxRows = async (transferId: string) =>
    (await ctx.pg.query(`SELECT count(*)::int AS n FROM cluebus_inbox WHERE transfer_id = $1`, [transferId])).rows[0].n as number;
  const processedMarks = async (eventId: string) =>
    (await ctx.pg.query(`SELECT count(*)::int AS n FROM cluebus_processed_events WHERE consumer = 'inbox-samr' AND event_id = $1`, [eventId])).rows[0].n as number;
  const samrHas = async (transferId: string) => ((await ctx.cluster.client('samr').get('/v1/inbox')).body.items as Array<{ transferId: string }>).some((i) => i.transferId === transferId);

  /** Resolves when samr's group has committed every message on its topic (so a redelivery would have happened by now). */
  async function samrConsumerCaughtUp(): Promise<void> {
    const admin = new Kafka({ clientId: 'dlq-e2e', brokers: getKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topic = `${ctx.cluster.namespace}.${Topics.department('samr')}`;
      await eventually(async () => {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId: `${ctx.cluster.namespace}.${GROUP}`, topics: [topic] });
        // An empty partition has nothing to commit ('-1'); every other one must be committed to its end.
        return ends.every((e) => e.high === e.low || committed.partitions.find((p) => p.partition === e.partition)?.offset === e.high);
      }, 30_000, 'samr consumer caught up');
    } finally {
      await admin.disconnect();
    }
  }

  it('given a transfer samr cannot apply, when it keeps failing, then it is parked with error and headers, samr goes on, and a replay after the fix applies it once', async () => {
    // given: samr's inbox projection refuses transfers whose basis carries the marker
    await ctx.pg.query(`CREATE FUNCTION cluebus_test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.basis LIKE '%${POISON}%' THEN RAISE EXCEPTION 'inbox refuses this transfer (test poison)'; END IF; RETURN NEW; END $$`);
    await ctx.pg.query(`CREATE TRIGGER cluebus_test_poison BEFORE INSERT ON cluebus_inbox FOR EACH ROW EXECUTE FUNCTION cluebus_test_poison()`);

    // when
    const poison = await transferToSamr(`${BASIS}${POISON}`);
    const healthy = await transferToSamr(BASIS);

    // then: the healthy transfer behind it arrives; the poison one is parked, not applied
    await eventually(() => samrHas(healthy.transferId), 30_000, 'samr keeps consuming after the poison message');
    const parked = await eventually(async () => {
      const list = JSON.parse(await cli('dlq', 'list', '--group', GROUP, '--json'));
      return list.length > 0 && list;
    }, 30_000, 'the poison message on the dead-letter topic');
    expect(parked).toEqual([
      expect.objectContaining({
        status: 'parked',
        group: GROUP,
        originalTopic: Topics.department('samr'),
        eventType: 'ClueTransferred',
        eventId: poison.eventId,
        attempts: 3,
        error: expect.stringContaining('inbox refuses this transfer (test poison)'),
        key: expect.stringMatching(/^clue-/),
      }),
    ]);
    const { rows } = await ctx.pg.query(`SELECT global_position, stream_id FROM cluebus_events WHERE event_id = $1`, [poison.eventId]);
    // The original CloudEvent's attributes as sent (docs/adr/0014), none of the legacy headers.
    expect(parked[0].headers).toMatchObject({
      [CloudEventHeaders.specversion]: '1.0',
      [CloudEventHeaders.id]: poison.eventId,
      [CloudEventHeaders.type]: 'cn.gov.cluebus.ClueTransferred.v1',
      [CloudEventHeaders.subject]: rows[0].stream_id,
      [Headers.globalPosition]: String(rows[0].global_position),
    });
    expect(Object.keys(parked[0].headers).filter((h) => h.startsWith('cluebus-'))).toEqual([Headers.globalPosition]);
    expect(await inboxRows(poison.transferId)).toBe(0);
    expect(await processedMarks(poison.eventId)).toBe(0);

    // when: the fix is deployed and the operator replays
    await ctx.pg.query(`DROP TRIGGER cluebus_test_poison ON cluebus_inbox`);
    expect(await cli('dlq', 'replay', '--event-id', poison.eventId)).toMatch(/^1 message\(s\) replayed$/m);

    // then: applied once
    await eventually(() => samrHas(poison.transferId), 30_000, 'the replayed transfer in samr inbox');
    expect(await inboxRows(poison.transferId)).toBe(1);
    expect(await processedMarks(poison.eventId)).toBe(1);

    // and a second replay (forced) is absorbed by the dedup
    expect(await cli('dlq', 'replay', '--event-id', poison.eventId)).toMatch(/^0 message\(s\) replayed$/m);
    expect(await cli('dlq', 'replay', '--event-id', poison.eventId, '--again')).toMatch(/^1 message\(s\) replayed$/m);
    await samrConsumerCaughtUp();
    expect(await inboxRows(poison.transferId)).toBe(1);
    expect(await processedMarks(poison.eventId)).toBe(1);
    const after = JSON.parse(await cli('dlq', 'list', '--event-id', poison.eventId, '--json'));
    expect(after).toEqual([expect.objectContaining({ status: 'replayed', replayedAt: [expect.any(String), expect.any(String)] })]);
  });

  it('given a message that is not an event at all, when samr consumes it, then it is parked with the parse error and samr goes on', async () => {
    // given: garbage on samr's inbox topic (a misbehaving producer)
    const bus = new KafkaBus({ brokers: getKafkaBrokers(), clientId: 'dlq-e2e', namespace: ctx.cluster.namespace });
    try {
      await bus.publish(Topics.department('samr'), [{ key: 'clue-garbage', value: '{not json', headers: { [Headers.eventId]: '00000000-0000-7000-8000-00000000dead' } }]);
    } finally {
      await bus.close();
    }

    // when
    const healthy = await transferToSamr(BASIS);

    // then
    await eventually(() => samrHas(healthy.transferId), 30_000, 'samr keeps consuming after the garbage');
    const parked = await eventually(async () => {
      const list = JSON.parse(await cli('dlq', 'list', '--event-id', '00000000-0000-7000-8000-00000000dead', '--json'));
      return list.length > 0 && list;
    }, 30_000, 'garbage on the dead-letter topic');
    expect(parked).toEqual([expect.objectContaining({ status: 'parked', group: GROUP, key: 'clue-garbage', error: expect.stringMatching(/^SyntaxError: /) })]);
    expect(await cli('dlq', 'list')).toMatch(/2 dead letter\(s\), 1 parked/);
  });
});
