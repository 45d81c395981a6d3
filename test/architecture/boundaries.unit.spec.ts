import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Architecture tests (modular-monolith style): dependencies point inward. A lib may import
 * only the libs listed for it; the domain and the contracts import no adapter, no framework
 * and no I/O. A failure here means a boundary was crossed — move the boundary, don't reach
 * through it.
 */
const ROOT = join(__dirname, '..', '..');

const ALLOWED_LIBS: Record<string, string[]> = {
  contracts: [],
  domain: ['contracts'],
  audit: ['contracts'],
  eventstore: ['contracts', 'audit'],
  bus: ['contracts', 'eventstore'],
  projections: ['contracts', 'eventstore', 'domain'],
  sdk: ['contracts'],
  service: ['contracts', 'domain', 'eventstore', 'bus', 'audit', 'projections'],
  cli: ['contracts', 'domain', 'eventstore', 'bus', 'audit', 'projections'],
};

/** npm packages (and node built-ins) a pure lib may use at all. */
const ALLOWED_PACKAGES: Record<string, RegExp> = {
  contracts: /^(class-validator|class-transformer)$/,
  domain: /^$/, // nothing: no I/O, no framework
  audit: /^node:(crypto|fs|path)$/,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)|import\(['"]([^'"]+)['"]\)/g)];
  return found.map((m) => m[1] ?? m[2] ?? m[3]);
}

const libs = readdirSync(join(ROOT, 'libs')).filter((d) => statSync(join(ROOT, 'libs', d)).isDirectory());

describe('architecture: library boundaries', () => {
  it('given the libs on disk, when listed, then each has declared dependencies', () => {
    expect(libs.filter((l) => !(l in ALLOWED_LIBS))).toEqual([]);
  });

  it.each(libs.filter((l) => l in ALLOWED_LIBS))('given libs/%s, when its imports are read, then it imports only the libs it may', (lib) => {
    const violations: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'libs', lib, 'src'))) {
      for (const spec of importsOf(file)) {
        const rel = relative(ROOT, file);
        const ours = /^@cluebus\/([a-z-]+)/.exec(spec);
        if (ours && ours[1] !== lib && !ALLOWED_LIBS[lib].includes(ours[1])) violations.push(`${rel} imports ${spec}`);
        if (spec.includes('apps/') || /^(\.\.\/)+apps\//.test(spec)) violations.push(`${rel} imports an app: ${spec}`);
        if (/^\.\.\/(\.\.\/)*libs\//.test(spec)) violations.push(`${rel} reaches into another lib by path: ${spec}`);
        const pkgRule = ALLOWED_PACKAGES[lib];
        if (pkgRule && !spec.startsWith('.') && !ours && !pkgRule.test(spec)) violations.push(`${rel} imports package ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('given the ports, when their files are read, then they import no adapter', () => {
    const ports = ['libs/eventstore/src/event-store.ts', 'libs/bus/src/bus.ts'];
    const violations = ports.flatMap((p) => importsOf(join(ROOT, p)).filter((s) => /pg|pglite|kafkajs|db-client|postgres|in-process/.test(s)).map((s) => `${p} imports ${s}`));
    expect(violations).toEqual([]);
  });

  it('given an intentionally bad import, when checked, then the rule reports it (the test can fail)', () => {
    const spec = '@cluebus/eventstore';
    const lib = 'domain';
    const ours = /^@cluebus\/([a-z-]+)/.exec(spec)!;
    expect(ALLOWED_LIBS[lib].includes(ours[1])).toBe(false);
  });
});
