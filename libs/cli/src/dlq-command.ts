import { type DeadLetterEntry, DeadLetterAdmin, KafkaBus, kafkaSettingsFromEnv, replayMessage } from '@cluebus/bus';
import { type CliArgs, onlyFlags, stringFlag, UsageError } from './cli-args';
import type { Output } from './output';

export const DLQ_USAGE = `cluebus dlq list   [--group <consumer group>] [--event-id <uuid>] [--json]
cluebus dlq replay (--group <g> | --event-id <uuid> | --all) [--again] [--dry-run] [--json]

  list     the messages parked on the dead-letter topic, with error, group and whether replayed
  replay   send parked messages back to their original topic (key and headers as before);
           consumers dedup by event id, so a message they already applied changes nothing.
           Entries replayed before are skipped unless --again.

  --brokers <host:port,...>  default $KAFKA_BROKERS
  --namespace <ns>           default $CLUEBUS_KAFKA_NAMESPACE (topic/group prefix on a shared cluster)`;

export type { Output } from './output';

export async function runDlqCommand(args: CliArgs, env: NodeJS.ProcessEnv, io: Output): Promise<void> {
  const [, sub] = args.words;
  if (sub !== 'list' && sub !== 'replay') throw new UsageError(`unknown dlq command "${sub ?? ''}"\n\n${DLQ_USAGE}`);
  onlyFlags(args, sub === 'list' ? ['group', 'event-id', 'json', 'brokers', 'namespace'] : ['group', 'event-id', 'all', 'again', 'dry-run', 'json', 'brokers', 'namespace']);
  const brokers = (stringFlag(args, 'brokers') ?? env.KAFKA_BROKERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (brokers.length === 0) throw new UsageError('no Kafka brokers: pass --brokers host:port or set KAFKA_BROKERS');
  const settings = kafkaSettingsFromEnv({ ...env, CLUEBUS_KAFKA_NAMESPACE: stringFlag(args, 'namespace') ?? env.CLUEBUS_KAFKA_NAMESPACE });
  const bus = new KafkaBus({ brokers, clientId: 'cluebus-cli', ...settings });
  const admin = new DeadLetterAdmin(bus);
  const filter = { group: stringFlag(args, 'group'), eventId: stringFlag(args, 'event-id') };
  try {
    if (sub === 'list') {
      const entries = await admin.list(filter);
      if (args.flags.json) io.out(JSON.stringify(entries.map(summary), null, 2));
      else printTable(entries, io);
      return;
    }
    const dryRun = args.flags['dry-run'] === true;
    const replayed = await admin.replay({ ...filter, all: args.flags.all === true, again: args.flags.again === true, dryRun });
    if (args.flags.json) io.out(JSON.stringify({ dryRun, replayed: replayed.map(summary) }, null, 2));
    else {
      for (const e of replayed) io.out(`${dryRun ? 'would replay' : 'replayed'} ${e.id} ${e.eventType ?? '?'} ${e.eventId ?? '?'} → ${e.originalTopic}`);
      io.out(`${replayed.length} message(s) ${dryRun ? 'would be ' : ''}replayed`);
    }
  } finally {
    await bus.close();
  }
}

function summary(e: DeadLetterEntry) {
  return {
    id: e.id,
    status: e.replayedAt.length ? 'replayed' : 'parked',
    replayedAt: e.replayedAt,
    group: e.group,
    originalTopic: e.originalTopic,
    eventType: e.eventType,
    eventId: e.eventId,
    error: e.error,
    attempts: e.attempts,
    parkedAt: e.timestamp,
    key: e.key,
    /** The message's own headers, as a replay restores them. */
    headers: replayMessage(e).headers,
  };
}

function printTable(entries: DeadLetterEntry[], io: Output): void {
  if (entries.length === 0) {
    io.out('no dead letters');
    return;
  }
  const rows = entries.map((e) => {
    const s = summary(e);
    return [s.id, s.status + (e.replayedAt.length > 1 ? ` ×${e.replayedAt.length}` : ''), s.parkedAt, s.group ?? '', s.eventType ?? '', s.eventId ?? '', (s.error ?? '').slice(0, 80)];
  });
  const head = ['ID', 'STATUS', 'PARKED AT', 'GROUP', 'TYPE', 'EVENT ID', 'ERROR'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [head, ...rows]) io.out(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  io.out(`${entries.length} dead letter(s), ${entries.filter((e) => e.replayedAt.length === 0).length} parked`);
}
