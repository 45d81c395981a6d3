import { chainHashFromBytes, eventContentBytes, type HashAlgorithm } from '@cluebus/audit';
import type { SqlEventStore } from '@cluebus/eventstore';
import { readVerificationInputs, sqlLogReader, verifyStore, type RawLogReader } from '@cluebus/eventstore/audit';
import { type CliArgs, onlyFlags, positiveIntFlag, UsageError } from './cli-args';
import { FailureFound } from './exit-codes';
import type { Output } from './output';
import type { Progress } from './progress';
import { hashAlgorithmOf, openStore, trustedKeys } from './store-access';

export const VERIFY_USAGE = `cluebus verify [--from <position>] [--to <position>] [--json]

  Recomputes the hash chain and every signed checkpoint root over the log as stored, reading
  the store directly (CLUEBUS_STORE, DATABASE_URL, CLUEBUS_DATA_DIR, CLUEBUS_HASH as the services).
  Checkpoint keys: CLUEBUS_TRUSTED_KEYS / CLUEBUS_SIGNING_KEY; without them the store's own
  registry, reported as "store-registry" (weaker).
  Exit 0 when intact; 1 with the first bad position named.

  --to <n>    check positions 1..n (and the checkpoints up to n) instead of up to the head
  --from <m>  check only the chain links and content hashes of m..to, anchored at the stored hash
              of m−1 (not proven: checkpoint roots need the log from position 1)`;

export async function runVerifyCommand(args: CliArgs, env: NodeJS.ProcessEnv, io: Output, progress: Progress): Promise<void> {
  onlyFlags(args, ['from', 'to', 'json']);
  if (args.words.length > 1) throw new UsageError(`verify takes no arguments\n\n${VERIFY_USAGE}`);
  const from = positiveIntFlag(args, 'from') ?? 1;
  const to = positiveIntFlag(args, 'to');
  if (to !== undefined && to < from) throw new UsageError('--to must not be before --from');
  const store = await openStore(env);
  try {
    const report = from === 1 ? await verifyFromGenesis(store, env, to, progress) : await verifySegment(store, hashAlgorithmOf(env), from, to, progress);
    if (args.flags.json) io.out(JSON.stringify(report, null, 2));
    else if (report.ok) io.out(`ok: positions ${report.from}..${report.through} intact${report.checkpointsVerified !== undefined ? `, ${report.checkpointsVerified} checkpoint(s) verified (keys: ${report.keySource})` : ' (chain links and content hashes)'}`);
    if (!report.ok) throw new FailureFound(`verification FAILED at position ${report.firstBadPosition ?? '?'}: ${report.reason ?? 'unknown'}`);
  } finally {
    progress.stop();
    await store.close();
  }
}

interface VerifyReport {
  ok: boolean;
  from: number;
  through: number;
  checked: number;
  firstBadPosition?: number;
  reason?: string;
  checkpointsVerified?: number;
  keySource?: string;
}

/** Counts what a reader hands out, for the bar (pages as text too: verifyStore hashes those on workers). */
function counted(reader: RawLogReader, progress: Progress): RawLogReader {
  let done = 0;
  const count = (n: number) => progress.update((done += n));
  const readPage = reader.readPage?.bind(reader);
  return {
    readAll: async (options) => {
      const page = await reader.readAll(options);
      count(page.length);
      return page;
    },
    ...(readPage && {
      readPage: async (options: Parameters<typeof readPage>[0]) => {
        const page = await readPage(options);
        count(page.count);
        return page;
      },
    }),
  };
}

async function verifyFromGenesis(store: SqlEventStore, env: NodeJS.ProcessEnv, to: number | undefined, progress: Progress): Promise<VerifyReport> {
  const { keys, source } = await trustedKeys(env, store);
  const inputs = await readVerificationInputs(store.sql);
  let head = inputs.head;
  let checkpoints = inputs.checkpoints;
  if (to !== undefined && to < head.globalPosition) {
    // The head's hash is the one of position `to` as stored: the prefix is checked by its links and the checkpoints inside it.
    const [row] = await sqlLogReader(store.sql).readAll({ after: to - 1, maxCount: 1, raw: true });
    head = { globalPosition: to, hash: row?.globalPosition === to ? row.hash : '' };
    checkpoints = checkpoints.filter((cp) => cp.treeSize <= to);
  }
  progress.start(head.globalPosition, 'verify');
  const result = await verifyStore(counted(sqlLogReader(store.sql), progress), checkpoints, { algorithm: hashAlgorithmOf(env), publicKeys: keys, head });
  return { ...result, keySource: source };
}

/** Chain links and content hashes of from..to only (no Merkle frontier without the prefix). */
async function verifySegment(store: SqlEventStore, algorithm: HashAlgorithm | undefined, from: number, to: number | undefined, progress: Progress): Promise<VerifyReport> {
  const reader = sqlLogReader(store.sql);
  const head = await store.headPosition();
  if (from > head) throw new UsageError(`--from ${from} is past the head of the log (${head})`);
  const last = Math.min(to ?? head, head);
  const [anchor] = await reader.readAll({ after: from - 2, maxCount: 1, raw: true });
  const fail = (p: number, reason: string, through: number): VerifyReport => ({ ok: false, from, through, checked: through - from + 2, firstBadPosition: p, reason });
  if (anchor?.globalPosition !== from - 1) return fail(from - 1, `position ${from - 1} (the anchor) is missing`, from - 2);
  progress.start(last - from + 1, 'verify');
  let prev = anchor.hash;
  let expected = from;
  while (expected <= last) {
    const page = await reader.readAll({ after: expected - 1, maxCount: Math.min(2000, last - expected + 1), raw: true });
    if (page.length === 0) return fail(expected, `global position ${expected} is missing: the log ends before ${last}`, expected - 1);
    for (const e of page) {
      if (e.globalPosition !== expected) return fail(expected, `global position ${expected} is missing: the next event read has position ${e.globalPosition}`, expected - 1);
      if (e.prevHash !== prev) return fail(expected, `prevHash does not link to the hash of position ${expected - 1}`, expected - 1);
      let content: Buffer;
      try {
        content = eventContentBytes(e);
      } catch (error) {
        return fail(expected, `position ${expected} cannot be canonically encoded: ${(error as Error).message}`, expected - 1);
      }
      if (chainHashFromBytes(e.prevHash, content, algorithm ?? 'sha256') !== e.hash) return fail(expected, `hash of position ${expected} does not match its content (content or hash altered)`, expected - 1);
      prev = e.hash;
      expected++;
    }
    progress.update(expected - from);
  }
  return { ok: true, from, through: last, checked: last - from + 1 };
}
