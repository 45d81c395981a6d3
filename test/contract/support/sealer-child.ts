/**
 * One process of the multi-process sealer contract (postgres-sealer-processes.contract.spec.ts),
 * run as `node -r ts-node/register/transpile-only -r tsconfig-paths/register sealer-child.ts <mode> …`.
 * It talks to its parent in lines on stdout.
 *
 *   append <url> <prefix> <count> [wait]
 *                                    appends <count> single-event appends over 4 streams of its own,
 *                                    each with the exact expected version; prints `done <count>`.
 *                                    With `wait`: opens the store, prints `ready` and starts on a
 *                                    line on stdin (opening runs the schema's DDL, which waits for
 *                                    any append transaction open on those tables)
 *   hold <url> <stream>              one append inside a transaction it keeps open until a line
 *                                    comes on stdin; prints `open` once queued, `committed` after
 *   seal <url> [hold]                a sealer loop until killed; with `hold` its first batch stops
 *                                    after writing the history, before COMMIT, and prints `holding`
 *                                    (the parent then kills it -9: a sealer killed mid-batch)
 */
import { PostgresSqlClient, SealerLoop, SqlEventStore, type SqlClient, type SqlExecutor } from '@cluebus/eventstore';
import { appendPendingCall } from '../../../libs/eventstore/src/sql/sealer/append-pending';
import { storeEvent } from '../../fixtures/store-events';

const [mode, url, ...args] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`${line}\n`);

const childEvent = storeEvent;

async function append(prefix: string, count: number, wait: boolean): Promise<void> {
  const store = await SqlEventStore.open(new PostgresSqlClient({ connectionString: url, max: 2 }), { sealing: 'sealer' });
  if (wait) {
    say('ready');
    await nextLine();
  }
  const versions = new Map<string, number>();
  for (let i = 0; i < count; i += 1) {
    const stream = `${prefix}-${i % 4}`;
    const version = versions.get(stream);
    const result = await store.append(stream, [childEvent(i)], { expectedVersion: version === undefined ? 'no-stream' : version });
    versions.set(stream, result.nextExpectedVersion);
  }
  say(`done ${count}`);
  await store.close();
}

async function hold(stream: string): Promise<void> {
  const sql = new PostgresSqlClient({ connectionString: url, max: 1 });
  await sql.transaction(async (tx) => {
    const call = appendPendingCall(stream, [childEvent(0)], -1, new Date().toISOString());
    await tx.query(call.text, call.values);
    say('open');
    await nextLine();
  });
  say('committed');
  await sql.close();
}

const nextLine = () =>
  new Promise<void>((resolve) =>
    process.stdin.once('data', () => {
      process.stdin.pause(); // the process may end
      resolve();
    }),
  );

/** The client the sealer uses, except that the first batch hangs once its history INSERT is done. */
function holdingAfterHistoryInsert(sql: SqlClient): SqlClient {
  let held = false;
  const wrap = (tx: SqlExecutor): SqlExecutor => ({
    query: async <R>(text: string, params?: unknown[]) => {
      const result = await tx.query<R>(text, params);
      if (!held && text.includes('INSERT INTO cluebus_events')) {
        held = true;
        say('holding');
        await new Promise(() => {}); // until SIGKILL
      }
      return result;
    },
  });
  return Object.assign(Object.create(sql) as SqlClient, { transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) => sql.transaction((tx) => fn(wrap(tx))) });
}

async function seal(holdFirstBatch: boolean): Promise<void> {
  const sql = new PostgresSqlClient({ connectionString: url, max: 2 });
  await SqlEventStore.open(sql, { sealing: 'sealer' }); // the schema, as a service starting would
  const loop = new SealerLoop(holdFirstBatch ? holdingAfterHistoryInsert(sql) : sql, { algorithm: 'sha256', onError: (e) => say(`error ${String(e)}`) });
  await loop.start();
  say('sealing');
}

const run: Record<string, () => Promise<void>> = {
  append: () => append(args[0], Number(args[1]), args[2] === 'wait'),
  hold: () => hold(args[0]),
  seal: () => seal(args[0] === 'hold'),
};
if (require.main === module) {
  const main = run[mode];
  if (!main) throw new Error(`unknown mode ${mode}`);
  main().catch((error) => {
    say(`failed ${String(error)}`);
    process.exit(1);
  });
}
