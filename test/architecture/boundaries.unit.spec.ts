import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/**
 * Architecture tests (modular-monolith style): dependencies point inward. A lib may import
 * only the libs listed for it; the domain and the contracts import no adapter, no framework
 * and no I/O. An app may import only the libs listed for it, some of them only through narrow
 * entry points; no lib imports an app, and nothing reaches into another lib or app by path.
 * A failure here means a boundary was crossed — move the boundary, don't reach through it.
 */
const ROOT = join(__dirname, '..', '..');

interface ImportRule {
  /** Libs that may be imported as `@cluebus/<lib>` or any `@cluebus/<lib>/<path>`. */
  libs: readonly string[];
  /** Libs that may be imported only through these exact entry points (never their barrel). */
  entries?: Readonly<Record<string, readonly string[]>>;
  /** npm packages (and node built-ins) allowed at all; unset = any. */
  packages?: RegExp;
}

const LIB_RULES: Record<string, ImportRule> = {
  // @nestjs/swagger: declarative metadata on the DTOs, as class-validator's, so the document comes from the classes that validate (ADR 0012).
  contracts: { libs: [], packages: /^(class-validator|class-transformer|@nestjs\/swagger)$/ },
  domain: { libs: ['contracts'], packages: /^$/ }, // nothing: no I/O, no framework
  audit: { libs: ['contracts'], packages: /^node:(crypto|fs|path)$/ },
  eventstore: { libs: ['contracts', 'audit'] },
  bus: { libs: ['contracts', 'eventstore'] },
  projections: { libs: ['contracts', 'eventstore', 'domain'] },
  // audit: the sealer (ADR 0009) chains what it seals with the store's hash algorithm.
  processors: { libs: ['contracts', 'eventstore', 'bus', 'projections', 'audit'] },
  // The SDK verifies proofs with libs/audit's verifier (Node's crypto only) and ships with no dependencies: node: built-ins only.
  sdk: { libs: ['contracts', 'audit'], packages: /^node:/ },
  service: { libs: ['contracts', 'domain', 'eventstore', 'bus', 'audit', 'projections', 'processors'] },
  // The CLI opens the store as the services configure it and writes the same export files.
  cli: { libs: ['contracts', 'domain', 'eventstore', 'bus', 'audit', 'projections'], entries: { service: ['@cluebus/service/config', '@cluebus/service/exports'] } },
};

/** A department service is thin: the shared HTTP service and the contracts, nothing else. */
const DEPARTMENT_APP: ImportRule = { libs: ['service', 'contracts'] };

/**
 * The entry points of libs/service meant for processes that are not department services:
 * configuration, API keys, the JSON logger, the bus factory and the HTTP edge and the OpenAPI decorators — never its barrel, which
 * brings the whole HTTP service (controllers, command path, runtime) along.
 */
const SERVICE_NARROW_ENTRIES = ['@cluebus/service/config', '@cluebus/service/auth', '@cluebus/service/json-logger', '@cluebus/service/runtime/create-bus', '@cluebus/service/http', '@cluebus/service/openapi'];

const APP_RULES: Record<string, ImportRule> = {
  nhc: DEPARTMENT_APP,
  nhsa: DEPARTMENT_APP,
  mps: DEPARTMENT_APP,
  sta: DEPARTMENT_APP,
  samr: DEPARTMENT_APP,
  ccdi: DEPARTMENT_APP,
  standalone: DEPARTMENT_APP,
  // The read side: its own runtime over the store, the bus and the projections (processors:
  // the one host that runs the relay and the ledger consumer), and a few service helpers.
  ledger: { libs: ['contracts', 'eventstore', 'bus', 'projections', 'processors'], entries: { service: SERVICE_NARROW_ENTRIES } },
  // The web console runs in a browser: the API only through the SDK, the contract's types, and the
  // domain's working-day calendar (so its deadlines count as the service's do); never the service.
  // …and libs/audit's two pure modules, so the browser's proof check hashes what the server's does.
  console: { libs: ['sdk', 'contracts', 'domain'], entries: { audit: ['@cluebus/audit/canonical-json', '@cluebus/audit/hashed-content'] } },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Module specifiers of a file's static and side-effect imports, re-exports, require() and import(). */
function importsIn(text: string): string[] {
  const found = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)|import\(['"]([^'"]+)['"]\)/g)];
  return found.map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

/** `libs/<name>/…` or `apps/<name>/…` of a repo-relative posix path, else undefined. */
function unitOf(path: string): { kind: 'libs' | 'apps'; name: string } | undefined {
  const m = /^(libs|apps)\/([^/]+)\//.exec(path);
  return m ? { kind: m[1] as 'libs' | 'apps', name: m[2] } : undefined;
}

/**
 * The boundary violations of one file, given its path (relative to the repository, posix
 * separators) and its text: each names the file and the forbidden import.
 */
function violationsOf(file: string, text: string): string[] {
  const self = unitOf(file);
  if (!self) throw new Error(`${file} is neither in libs/ nor in apps/`);
  const rule = (self.kind === 'libs' ? LIB_RULES : APP_RULES)[self.name];
  if (!rule) return [`${file}: ${self.kind}/${self.name} has no declared dependencies in the architecture test`];
  const violations: string[] = [];
  for (const spec of importsIn(text)) {
    const ours = /^@cluebus\/([a-z-]+)/.exec(spec);
    // Where a path import lands: relative to the file, or from the repository root (tsconfig baseUrl).
    const target = spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), spec)) : /^(libs|apps|test)\//.test(spec) ? spec : undefined;
    if (ours) {
      const lib = ours[1];
      if (self.kind === 'libs' && lib === self.name) continue;
      const entries = rule.entries?.[lib];
      if (entries && !entries.includes(spec)) violations.push(`${file} imports ${spec} (only through ${entries.join(', ')})`);
      else if (!entries && !rule.libs.includes(lib)) violations.push(`${file} imports ${spec}`);
    } else if (target !== undefined) {
      const there = unitOf(target);
      if (target.startsWith('..')) violations.push(`${file} imports from outside the repository: ${spec}`);
      else if (target.startsWith('test/')) violations.push(`${file} imports test code: ${spec}`);
      else if (there?.kind === 'apps' && self.kind === 'libs') violations.push(`${file} imports an app: ${spec}`);
      else if (there && (there.kind !== self.kind || there.name !== self.name)) violations.push(`${file} reaches into ${there.kind}/${there.name} by path: ${spec}`);
    } else if (spec.includes('apps/') && self.kind === 'libs') {
      violations.push(`${file} imports an app: ${spec}`);
    } else if (rule.packages && !rule.packages.test(spec)) {
      violations.push(`${file} imports package ${spec}`);
    }
  }
  return violations;
}

const toPosix = (path: string) => path.split(sep).join('/');
const unitsIn = (kind: 'libs' | 'apps') => readdirSync(join(ROOT, kind)).filter((d) => statSync(join(ROOT, kind, d)).isDirectory());
const violationsIn = (kind: 'libs' | 'apps', name: string) =>
  sourceFiles(join(ROOT, kind, name, 'src')).flatMap((path) => violationsOf(toPosix(relative(ROOT, path)), readFileSync(path, 'utf8')));

const libs = unitsIn('libs');
const apps = unitsIn('apps');

describe('architecture: library boundaries', () => {
  it('given the libs on disk, when listed, then each has declared dependencies', () => {
    expect(libs.filter((l) => !(l in LIB_RULES))).toEqual([]);
  });

  it.each(libs.filter((l) => l in LIB_RULES))('given libs/%s, when its imports are read, then it imports only the libs it may and no app', (lib) => {
    expect(violationsIn('libs', lib)).toEqual([]);
  });

  it('given the ports, when their files are read, then they import no adapter', () => {
    const ports = ['libs/eventstore/src/event-store.ts', 'libs/bus/src/bus.ts'];
    const violations = ports.flatMap((p) => importsIn(readFileSync(join(ROOT, p), 'utf8')).filter((s) => /pg|pglite|kafkajs|db-client|postgres|in-process/.test(s)).map((s) => `${p} imports ${s}`));
    expect(violations).toEqual([]);
  });
});

describe('architecture: app boundaries', () => {
  it('given the apps on disk, when listed, then each has declared dependencies', () => {
    expect(apps.filter((a) => !(a in APP_RULES))).toEqual([]);
  });

  it.each(apps.filter((a) => a in APP_RULES))('given apps/%s, when its imports are read, then it imports only the libs (and entry points) it may', (app) => {
    expect(violationsIn('apps', app)).toEqual([]);
  });
});

describe('architecture: the checker itself (each rule can fail)', () => {
  it.each<[string, string, string, string[]]>([
    ['the domain importing an adapter', 'libs/domain/src/fake.ts', `import { openSqlEventStore } from '@cluebus/eventstore';`, ['libs/domain/src/fake.ts imports @cluebus/eventstore']],
    ['the domain importing a package', 'libs/domain/src/fake.ts', `import pino from 'pino';`, ['libs/domain/src/fake.ts imports package pino']],
    ['a lib importing an app by relative path', 'libs/bus/src/relay/fake.ts', `import { LEDGER_CONFIG } from '../../../../apps/ledger/src/ledger-config';`, ['libs/bus/src/relay/fake.ts imports an app: ../../../../apps/ledger/src/ledger-config']],
    ['a lib importing an app from the root', 'libs/service/src/fake.ts', `export * from 'apps/ledger/src/ledger-config';`, ['libs/service/src/fake.ts imports an app: apps/ledger/src/ledger-config']],
    ['a lib reaching into another lib by path', 'libs/service/src/fake.ts', `import { Topics } from '../../bus/src/bus';`, ['libs/service/src/fake.ts reaches into libs/bus by path: ../../bus/src/bus']],
    ['the ledger importing the service barrel', 'apps/ledger/src/fake.ts', `import { createBus } from '@cluebus/service';`, [`apps/ledger/src/fake.ts imports @cluebus/service (only through ${SERVICE_NARROW_ENTRIES.join(', ')})`]],
    ['the ledger reaching past an entry point', 'apps/ledger/src/fake.ts', `import { ApiKeyGuard } from '@cluebus/service/auth/api-key.guard';`, [`apps/ledger/src/fake.ts imports @cluebus/service/auth/api-key.guard (only through ${SERVICE_NARROW_ENTRIES.join(', ')})`]],
    ['the ledger importing the domain', 'apps/ledger/src/fake.ts', `import type { Clue } from '@cluebus/domain';`, ['apps/ledger/src/fake.ts imports @cluebus/domain']],
    ['a department app importing the event store', 'apps/samr/src/main.ts', `import 'reflect-metadata';\nimport { openSqlEventStore } from "@cluebus/eventstore";`, ['apps/samr/src/main.ts imports @cluebus/eventstore']],
    ['an app reaching into a lib by path', 'apps/nhc/src/main.ts', `const { runCluebusService } = require('../../../libs/service/src/main-runner');`, ['apps/nhc/src/main.ts reaches into libs/service by path: ../../../libs/service/src/main-runner']],
    ['an app reaching into another app', 'apps/standalone/src/main.ts', `import { LedgerModule } from '../../ledger/src/ledger.module';`, ['apps/standalone/src/main.ts reaches into apps/ledger by path: ../../ledger/src/ledger.module']],
    ['source importing test code', 'libs/processors/src/fake.ts', `import { db } from '../../../test/support/postgres-database';`, ['libs/processors/src/fake.ts imports test code: ../../../test/support/postgres-database']],
    ['an undeclared app', 'apps/reports/src/main.ts', `import { x } from '@cluebus/contracts';`, ['apps/reports/src/main.ts: apps/reports has no declared dependencies in the architecture test']],
  ])('given %s, when checked, then the violation names the file and the import', (_what, file, text, expected) => {
    expect(violationsOf(file, text)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ['the ledger using the narrow service entry points', 'apps/ledger/src/fake.ts', SERVICE_NARROW_ENTRIES.map((e, i) => `import { x${i} } from '${e}';`).join('\n')],
    ['the ledger importing its own files and the read-side libs', 'apps/ledger/src/fake.ts', `import { LEDGER_CONFIG } from './ledger-config';\nimport { BUS } from '@cluebus/bus';\nimport { LedgerProjection } from '@cluebus/projections';`],
    ['a department app using the service barrel', 'apps/mps/src/main.ts', `import 'reflect-metadata';\nimport { runCluebusService } from '@cluebus/service';`],
    ['a lib importing itself and an allowed lib subpath', 'libs/service/src/fake.ts', `import { x } from './x';\nimport { checkpointLog } from '@cluebus/eventstore/audit';`],
  ])('given %s, when checked, then nothing is reported', (_what, file, text) => {
    expect(violationsOf(file, text)).toEqual([]);
  });
});
