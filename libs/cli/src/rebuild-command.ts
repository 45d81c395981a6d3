import { type CliArgs, onlyFlags, stringFlag, UsageError } from './cli-args';
import type { Output } from './output';
import type { Progress } from './progress';
import { PROJECTION_NAMES, rebuildProjection, rebuildTargets } from './projection-rebuild';
import { openStore } from './store-access';

export const REBUILD_USAGE = `cluebus projections rebuild <${PROJECTION_NAMES.join('|')}> [--department <code>] [--json]

  Drops what the projection derived and re-applies the whole log to it, in one transaction
  (a failure leaves it as it was). Reads the store as the services do (DATABASE_URL …).
  inbox            each department code's inbox (cluebus_inbox, notices); --department for one
  ledger           the per-department counts (apps/ledger, fed by cluebus.events)
  transfer-ledger  the 台账, one row per transfer and recipient
  blacklist        sanctions by subject and the listed/delisted feed`;

export async function runRebuildCommand(args: CliArgs, env: NodeJS.ProcessEnv, io: Output, progress: Progress): Promise<void> {
  const [, sub, name, ...rest] = args.words;
  if (sub !== 'rebuild' || !name || rest.length > 0) throw new UsageError(`usage:\n${REBUILD_USAGE}`);
  onlyFlags(args, ['department', 'json']);
  const targets = rebuildTargets(name, stringFlag(args, 'department'));
  const store = await openStore(env);
  try {
    const results = [];
    for (const target of targets) {
      let started = false;
      const result = await rebuildProjection(store, target, (done, total) => {
        if (!started) progress.start(total, `rebuild ${target.projection.name}`);
        started = true;
        progress.update(done);
      });
      progress.stop();
      results.push({ projection: target.projection.name, ...result });
      if (!args.flags.json) io.out(`rebuilt ${target.projection.name}: ${result.applied} event(s) applied, through position ${result.through}`);
    }
    if (args.flags.json) io.out(JSON.stringify(results, null, 2));
  } finally {
    progress.stop();
    await store.close();
  }
}
