/**
 * Benchmark runner: `npm run bench -- <suite> [args…]` loads test/bench/<suite>.bench.ts and
 * runs its default export. Suites measure our code next to a baseline (raw pg, raw kafkajs) in
 * the same run and print a Markdown table for BENCHMARKS.md. Benchmarks never run in `npm test`.
 */
import 'reflect-metadata';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type BenchSuite = (args: string[]) => Promise<void>;

async function main(): Promise<void> {
  const [suite, ...args] = process.argv.slice(2);
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''));
  const file = join(__dirname, `${suite}.bench.ts`);
  if (!suite || !existsSync(file)) {
    console.error(`usage: npm run bench -- <suite>   (suites: ${available.join(', ') || 'none'})`);
    process.exit(2);
  }
  const run: BenchSuite = (await import(file)).default;
  console.log(`# bench ${suite} — ${new Date().toISOString()} — node ${process.version}, ${require('node:os').cpus().length} cores`);
  await run(args);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
