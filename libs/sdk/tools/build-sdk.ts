/**
 * npm run build:sdk — compiles libs/sdk (and what it uses of libs/contracts' types and
 * libs/audit's verifier) into libs/sdk/dist, then keeps only the files reachable from the
 * entry point and fails when any of them still imports something the packed SDK would not
 * have: an `@cluebus/*` path, a package (class-validator, reflect-metadata, …), anything but
 * relative files and Node's built-ins. The tarball then works alone, with no dependencies.
 */
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SDK = path.resolve(__dirname, '..');
const DIST = path.join(SDK, 'dist');
const ENTRY = path.join(DIST, 'sdk', 'src', 'index');
const BIN = path.resolve(SDK, '..', '..', 'node_modules', '.bin');

function run(command: string, args: string[]): void {
  const res = spawnSync(path.join(BIN, command), args, { cwd: SDK, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${res.status})`);
}

/** Module specifiers a compiled file imports: require('x'), import/export … from 'x', import('x'). */
export function specifiersOf(text: string): string[] {
  const found = new Set<string>();
  for (const re of [/require\(\s*["']([^"']+)["']\s*\)/g, /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']/g, /import\(\s*["']([^"']+)["']\s*\)/g]) {
    for (const m of text.matchAll(re)) found.add(m[1]);
  }
  return [...found];
}

const BUILTINS = new Set(builtinModules);
const isBuiltin = (s: string) => s.startsWith('node:') || BUILTINS.has(s);

/** Follows relative imports from `entry` (one of .js / .d.ts); returns the files reached and the imports that cannot be. */
function reach(entry: string, ext: '.js' | '.d.ts'): { files: Set<string>; unresolved: string[] } {
  const files = new Set<string>();
  const unresolved: string[] = [];
  const queue = [entry + ext];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specifiersOf(fs.readFileSync(file, 'utf8'))) {
      if (isBuiltin(spec)) continue;
      if (!spec.startsWith('.')) {
        unresolved.push(`${path.relative(DIST, file)} imports ${spec}`);
        continue;
      }
      // tsc-alias writes rewritten paths with a .js suffix; TypeScript maps it to the .d.ts.
      const base = path.resolve(path.dirname(file), spec.replace(/\.js$/, ''));
      const target = [base + ext, path.join(base, `index${ext}`)].find((f) => fs.existsSync(f));
      if (target) queue.push(target);
      else unresolved.push(`${path.relative(DIST, file)} imports ${spec}, which is not in dist`);
    }
  }
  return { files, unresolved };
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

function main(): void {
  fs.rmSync(DIST, { recursive: true, force: true });
  run('tsc', ['-p', 'tsconfig.build.json']);
  run('tsc-alias', ['-p', 'tsconfig.build.json']);
  const js = reach(ENTRY, '.js');
  const dts = reach(ENTRY, '.d.ts');
  const problems = [...js.unresolved, ...dts.unresolved];
  if (problems.length > 0) throw new Error(`the packed SDK would not stand alone:\n  ${problems.join('\n  ')}`);
  const keep = new Set([...js.files, ...dts.files]);
  let removed = 0;
  for (const file of walk(DIST)) if (!keep.has(file)) (fs.rmSync(file), removed++);
  removeEmptyDirs(DIST);
  console.log(`build:sdk: ${js.files.size} .js and ${dts.files.size} .d.ts files in ${path.relative(process.cwd(), DIST)} (${removed} unreachable removed); imports: relative and node: only`);
}

function removeEmptyDirs(dir: string): void {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) if (d.isDirectory()) removeEmptyDirs(path.join(dir, d.name));
  if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
