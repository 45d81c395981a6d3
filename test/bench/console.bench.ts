import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchSuite } from './run';
import { startStandalone } from '../support/standalone-app';
import { ensureConsoleBuilt, launchBrowser } from '../support/console-browser';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `npm run bench -- console [runs]`: the console's built size, and how long a cold browser context
 * (no cache) takes to a usable first page on the standalone default — the sign-in form, then the
 * signed-in inbox with its table drawn — next to the baseline of the same browser loading /health.
 */
const run: BenchSuite = async (args) => {
  const runs = Number(args[0] ?? 5);
  ensureConsoleBuilt();
  const dir = join(__dirname, '../../dist/console/assets');
  const files = readdirSync(dir).map((f) => {
    const bytes = readFileSync(join(dir, f));
    return { f, raw: statSync(join(dir, f)).size, gz: gzipSync(bytes).length };
  });
  console.log('\n| asset | bytes | gzip |\n|---|---:|---:|');
  for (const x of files.sort((a, b) => b.raw - a.raw)) console.log(`| ${x.f.replace(/-[A-Za-z0-9_-]{8}\./, '.')} | ${x.raw} | ${x.gz} |`);
  const total = files.reduce((s, x) => ({ raw: s.raw + x.raw, gz: s.gz + x.gz }), { raw: 0, gz: 0 });
  console.log(`| **total** | ${total.raw} | ${total.gz} |`);

  const running = await startStandalone('pglite');
  const browser = await launchBrowser();
  const timings = { health: [] as number[], signIn: [] as number[], inbox: [] as number[] };
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let t = performance.now();
      await page.goto(`${running.baseUrl}/health`);
      timings.health.push(performance.now() - t);
      t = performance.now();
      await page.goto(`${running.baseUrl}/console/`);
      await page.waitForSelector('[data-test=api-key]');
      timings.signIn.push(performance.now() - t);
      await page.fill('[data-test=api-key]', 'dev-samr');
      t = performance.now();
      await page.click('[data-test=sign-in]');
      await page.waitForSelector('[data-test=inbox-table] .el-table__body-wrapper');
      await page.waitForLoadState('networkidle');
      timings.inbox.push(performance.now() - t);
      await context.close();
    }
  } finally {
    await browser.close();
    await running.close();
  }
  console.log(`\n| cold load, ${runs} runs (median / max, ms) | median | max |\n|---|---:|---:|`);
  for (const [name, xs] of Object.entries(timings)) console.log(`| ${name} | ${median(xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`);
};

export default run;
