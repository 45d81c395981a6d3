/**
 * The deploy manifests (deploy/compose, deploy/k8s, deploy/docker) against the code they run.
 *
 * The settings a manifest may set are derived from the config loaders' source, never listed
 * here, so a setting added to a loader is allowed without touching this file and a manifest
 * setting that no loader reads (a typo, a removed setting) fails. The real loaders then run on
 * each container's environment, secrets replaced by valid placeholders, so a missing required
 * setting fails here rather than at the platform team's first start.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kafkaSettingsFromEnv, TopicNamespace, Topics } from '@cluebus/bus';
import { DEPARTMENT_CODES } from '@cluebus/contracts';
import { loadLedgerConfig } from '../../apps/ledger/src/ledger-config';
import { loadCluebusConfig } from '../../libs/service/src/config/cluebus-config';

const ROOT = resolve(__dirname, '../..');
const rel = (file: string) => relative(ROOT, file).split('\\').join('/');
const DOCKERFILE = join(ROOT, 'deploy/docker/Dockerfile');
const COMPOSE_DIR = join(ROOT, 'deploy/compose');
const K8S_DIR = join(ROOT, 'deploy/k8s');

/** Set by the platform or the image, read by Node or the OS rather than by a cluebus loader. */
const PLATFORM_VARIABLES = new Set(['NODE_ENV', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'TZ', 'HOME', 'PATH', 'HOSTNAME']);
/** Names passed to setting helpers as literals, e.g. intSetting(env, 'CLUEBUS_ACK_DAYS', 5). */
const SETTING_LITERAL = /^(CLUEBUS_|KAFKA_|DATABASE_URL|PORT)/;
/** The lead unit (牵头) issues the signed checkpoints (docs/adr/0005). */
const CHECKPOINTING_DEPARTMENT = 'nhc';
/** Keys of the Secret CloudNativePG generates for a Cluster's owner role (`<cluster>-app`). */
const CNPG_APP_SECRET_KEYS = ['username', 'password', 'host', 'port', 'dbname', 'uri', 'jdbc-uri', 'pgpass'];

// Parsed YAML: shapes are checked by the assertions, not by the type system.
type Json = any;

function walk(dir: string, keep: (file: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : walk(path, keep);
      return keep(path) ? [path] : [];
    });
}

// ---------------------------------------------------------------------------------------------
// The settings the code reads, derived from its source.

/** The files that read settings: every *config* / *settings* file and config/ folder of libs/ and apps/ (no specs). */
function settingSources(): string[] {
  const source = (f: string) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts');
  return [...walk(join(ROOT, 'libs'), source), ...walk(join(ROOT, 'apps'), source)].filter((f) => {
    const path = rel(f);
    return /(config|settings)[^/]*\.ts$/i.test(basename(path)) || /\/config\//.test(path);
  });
}

/** Whether the call around `at` also passes the environment (`int(env, 'X')`), unlike `Symbol('CLUEBUS_CONFIG')`. */
function callPassesEnv(text: string, at: number): boolean {
  let open = at;
  for (let depth = 0; open >= 0; open--) {
    if (text[open] === ')') depth++;
    else if (text[open] === '(' && depth-- === 0) break;
  }
  let close = open + 1;
  for (let depth = 0; close < text.length; close++) {
    if (text[close] === '(') depth++;
    else if (text[close] === ')' && depth-- === 0) break;
  }
  if (open < 0) return false;
  // Top-level arguments only: drop nested calls' text.
  let args = text.slice(open + 1, close);
  while (/\([^()]*\)/.test(args)) args = args.replace(/\([^()]*\)/g, '');
  return args.split(',').some((a) => /^(process\.)?env$/.test(a.trim()));
}

/** The settings the loader sources read: env.NAME, env['NAME'], NAME passed with env to a helper, and NAME_FILE for helpers that read `${name}_FILE`. */
function settingsReadBy(texts: string[]): Set<string> {
  const known = new Set<string>();
  const fileHelpers = new Set<string>();
  for (const text of texts) {
    const heads = [...text.matchAll(/(?:function\s+(\w+)|(?:const|let)\s+(\w+)\s*=\s*(?:async\s*)?)\s*(?:<[^>]*>)?\s*\(([^)]*)\)/g)];
    heads.forEach((head, i) => {
      const body = text.slice(head.index, heads[i + 1]?.index ?? text.length);
      const params = head[3].split(',').map((p) => p.trim().match(/^(\w+)/)?.[1]).filter((p): p is string => !!p);
      if (params.some((p) => body.includes(`\${${p}}_FILE`))) fileHelpers.add(head[1] ?? head[2]);
    });
  }
  for (const text of texts) {
    for (const m of text.matchAll(/\benv\??\.([A-Z][A-Z0-9_]*)\b/g)) known.add(m[1]);
    for (const m of text.matchAll(/\benv\s*\[\s*(['"`])([A-Z][A-Z0-9_]*)\1\s*\]/g)) known.add(m[2]);
    for (const m of text.matchAll(/[(,]\s*(['"`])([A-Z][A-Z0-9_]*)\1\s*(?=[,)])/g)) if (SETTING_LITERAL.test(m[2]) && callPassesEnv(text, m.index)) known.add(m[2]);
    for (const helper of fileHelpers) {
      for (const m of text.matchAll(new RegExp(`\\b${helper}\\s*\\(\\s*[\\w.]+\\s*,\\s*(['"\`])([A-Z][A-Z0-9_]*)\\1`, 'g'))) {
        known.add(m[2]);
        known.add(`${m[2]}_FILE`);
      }
    }
  }
  return known;
}

function deriveKnownSettings(): { known: Set<string>; sources: string[] } {
  const loaders = settingSources();
  const known = settingsReadBy(loaders.map((f) => readFileSync(f, 'utf8')));
  // Anything any source file reads straight from process.env is a setting too (e.g. LOG_LEVEL in the logger).
  const source = (f: string) => f.endsWith('.ts') && !f.endsWith('.spec.ts');
  for (const f of [...walk(join(ROOT, 'libs'), source), ...walk(join(ROOT, 'apps'), source)]) {
    for (const m of readFileSync(f, 'utf8').matchAll(/\bprocess\.env\??\.([A-Z][A-Z0-9_]*)\b/g)) known.add(m[1]);
  }
  return { known, sources: loaders.map(rel) };
}

// ---------------------------------------------------------------------------------------------
// The image: its ENV (every container starts from it) and its HEALTHCHECK.

interface ImageFacts {
  env: Record<string, string>;
  healthcheck: string;
  user: string;
  from: string[];
}

function readDockerfile(file = DOCKERFILE): ImageFacts {
  const lines = readFileSync(file, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .filter((l) => !/^\s*#/.test(l));
  const env: Record<string, string> = {};
  let healthcheck = '';
  let user = '';
  const from: string[] = [];
  const args: Record<string, string> = {};
  for (const line of lines) {
    const [, instruction = '', rest = ''] = line.trim().match(/^(\w+)\s+(.*)$/) ?? [];
    const word = instruction.toUpperCase();
    if (word === 'ARG') for (const m of rest.matchAll(/(\w+)=("[^"]*"|\S+)/g)) args[m[1]] = m[2].replace(/^"|"$/g, '');
    if (word === 'FROM') from.push(rest.split(/\s+/)[0].replace(/\$\{(\w+)\}/g, (_, a: string) => args[a] ?? ''));
    if (word === 'USER') user = rest.trim();
    if (word === 'HEALTHCHECK') healthcheck = rest;
    if (word === 'ENV') {
      const pairs = [...rest.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S*)/g)];
      if (pairs.length > 0) for (const m of pairs) env[m[1]] = m[2].replace(/^"|"$/g, '');
      else {
        const [name, ...value] = rest.trim().split(/\s+/);
        env[name] = value.join(' ');
      }
    }
  }
  return { env, healthcheck, user, from };
}

// ---------------------------------------------------------------------------------------------
// Manifests → the cluebus workloads they run.

interface Workload {
  platform: 'compose' | 'k8s';
  /** file and service / Deployment, for messages */
  where: string;
  name: string;
  /** apps/<app> it runs, from its command */
  app: string;
  env: Record<string, string>;
  /** paths inside the container that a Secret provides */
  secretFiles: Set<string>;
  probes: Array<{ kind: string; target: string }>;
  replicas: number;
  profiles: string[];
}

interface Collected {
  workloads: Workload[];
  problems: string[];
}

const APP_COMMAND = /dist\/apps\/([a-z0-9-]+)\/src\/main\.js/;
const isCluebusImage = (image: unknown) => typeof image === 'string' && /(^|\/)cluebus(:|@|$)/.test(image);
const asText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const commandOf = (...parts: unknown[]) => parts.flatMap((p) => (Array.isArray(p) ? p : p === undefined || p === null ? [] : [p])).map(asText).join(' ');

function readYaml(file: string): { docs: Json[]; problems: string[] } {
  const problems: string[] = [];
  const docs: Json[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { merge: true })) {
    for (const e of doc.errors) problems.push(`${rel(file)}: ${e.message}`);
    const value = doc.toJS({ maxAliasCount: -1 });
    if (value !== null && value !== undefined) docs.push(value);
  }
  return { docs, problems };
}

function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = line.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/);
    if (m) out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** Compose's ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err}, $VAR and $$, from .env.example. */
function interpolate(value: Json, vars: Record<string, string>, where: string, problems: string[]): Json {
  if (typeof value === 'string') {
    return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, op?: string, arg?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare)!;
      const set = name in vars && (vars[name] !== '' || !op?.startsWith(':'));
      if (op === ':-' || op === '-') return set ? vars[name] : arg!;
      if (op === ':+' || op === '+') return set ? arg! : '';
      if (!set) problems.push(`${where}: \${${name}} is used but .env.example does not set it`);
      return vars[name] ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars, where, problems));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, where, problems)]));
  return value;
}

function collectCompose(file: string, raw: Json, envExample: Record<string, string>, image: ImageFacts): Collected {
  const problems: string[] = [];
  const doc = interpolate(raw, envExample, rel(file), problems);
  const workloads: Workload[] = [];
  for (const [name, svc] of Object.entries<Json>(doc.services ?? {})) {
    const where = `${rel(file)} services.${name}`;
    const dockerfile = typeof svc.build === 'object' ? asText(svc.build?.dockerfile) : '';
    const cluebus = isCluebusImage(svc.image) || dockerfile.endsWith('deploy/docker/Dockerfile');
    if (!cluebus) continue;
    const app = commandOf(svc.entrypoint, svc.command).match(APP_COMMAND)?.[1];
    if (!app) {
      problems.push(`${where}: runs the cluebus image but its command names no app (node dist/apps/<app>/src/main.js)`);
      continue;
    }
    const env: Record<string, string> = { ...image.env };
    const envFiles = svc.env_file === undefined ? [] : Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file];
    for (const entry of envFiles) {
      const path = resolve(dirname(file), typeof entry === 'string' ? entry : entry.path);
      if (!existsSync(path)) problems.push(`${where}: env_file ${rel(path)} does not exist`);
      else Object.assign(env, parseDotenv(readFileSync(path, 'utf8')));
    }
    const environment: Array<[string, unknown]> = Array.isArray(svc.environment)
      ? svc.environment.map((e: string) => (e.includes('=') ? [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] : [e, null]))
      : Object.entries(svc.environment ?? {});
    for (const [key, value] of environment) {
      if (value === null || value === undefined) problems.push(`${where}: ${key} is passed through from the host; give it a value (or \${...} from .env)`);
      else env[key] = asText(value);
    }
    const secretNames = (svc.secrets ?? []).map((s: Json) => (typeof s === 'string' ? s : (s.target ?? s.source)));
    for (const s of svc.secrets ?? []) {
      const source = typeof s === 'string' ? s : s.source;
      if (!doc.secrets?.[source]) problems.push(`${where}: secret ${source} is not defined under top-level secrets`);
    }
    const test = svc.healthcheck?.disable ? 'disabled' : svc.healthcheck?.test !== undefined ? commandOf(svc.healthcheck.test) : image.healthcheck;
    workloads.push({
      platform: 'compose',
      where,
      name,
      app,
      env,
      secretFiles: new Set(secretNames.map((s: string) => (s.startsWith('/') ? s : `/run/secrets/${s}`))),
      probes: [{ kind: svc.healthcheck?.test !== undefined ? 'healthcheck' : 'image HEALTHCHECK', target: test }],
      replicas: svc.deploy?.replicas ?? svc.scale ?? 1,
      profiles: svc.profiles ?? [],
    });
  }
  return { workloads, problems };
}

interface K8sObjects {
  configMaps: Map<string, Record<string, string>>;
  secrets: Map<string, Record<string, string>>;
  generatedSecrets: Map<string, Record<string, string>>;
}

function indexK8s(docs: Json[]): K8sObjects {
  const configMaps = new Map<string, Record<string, string>>();
  const secrets = new Map<string, Record<string, string>>();
  const generatedSecrets = new Map<string, Record<string, string>>();
  for (const d of docs) {
    if (d.kind === 'ConfigMap') configMaps.set(d.metadata.name, Object.fromEntries(Object.entries(d.data ?? {}).map(([k, v]) => [k, asText(v)])));
    if (d.kind === 'Secret') {
      const decoded = Object.entries<string>(d.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]);
      secrets.set(d.metadata.name, { ...Object.fromEntries(decoded), ...Object.fromEntries(Object.entries(d.stringData ?? {}).map(([k, v]) => [k, asText(v)])) });
    }
    if (d.kind === 'Cluster' && String(d.apiVersion).startsWith('postgresql.cnpg.io/')) {
      const name = d.metadata.name;
      const db = d.spec?.bootstrap?.initdb?.database ?? 'app';
      const owner = d.spec?.bootstrap?.initdb?.owner ?? db;
      const url = `postgresql://${owner}:placeholder-password@${name}-rw:5432/${db}`;
      const values: Record<string, string> = { username: owner, password: 'placeholder-password', host: `${name}-rw`, port: '5432', dbname: db, uri: url, 'jdbc-uri': `jdbc:${url}`, pgpass: `${name}-rw:5432:${db}:${owner}:placeholder-password` };
      generatedSecrets.set(`${name}-app`, Object.fromEntries(CNPG_APP_SECRET_KEYS.map((k) => [k, values[k]])));
    }
  }
  return { configMaps, secrets, generatedSecrets };
}

function podSpecOf(d: Json): { pod: Json; replicas: number } | undefined {
  if (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(d.kind)) return { pod: d.spec?.template?.spec, replicas: d.spec?.replicas ?? 1 };
  if (['DaemonSet', 'Job'].includes(d.kind)) return { pod: d.spec?.template?.spec, replicas: 1 };
  if (d.kind === 'CronJob') return { pod: d.spec?.jobTemplate?.spec?.template?.spec, replicas: 1 };
  if (d.kind === 'Pod') return { pod: d.spec, replicas: 1 };
  return undefined;
}

function collectK8s(entries: Array<{ file: string; doc: Json }>, image: ImageFacts): Collected {
  const problems: string[] = [];
  const objects = indexK8s(entries.map((e) => e.doc));
  const secretValue = (name: string, key: string, where: string): string | undefined => {
    const s = objects.secrets.get(name) ?? objects.generatedSecrets.get(name);
    if (!s) problems.push(`${where}: Secret ${name} is neither in deploy/k8s nor generated by a CloudNativePG Cluster there`);
    else if (!(key in s)) problems.push(`${where}: Secret ${name} has no key ${key}`);
    return s?.[key];
  };
  const workloads: Workload[] = [];
  for (const { file, doc } of entries) {
    const spec = podSpecOf(doc);
    if (!spec?.pod) continue;
    for (const c of [...(spec.pod.initContainers ?? []), ...(spec.pod.containers ?? [])]) {
      if (!isCluebusImage(c.image)) continue;
      const where = `${rel(file)} ${doc.kind}/${doc.metadata?.name} container ${c.name}`;
      const app = commandOf(c.command, c.args).match(APP_COMMAND)?.[1];
      if (!app) {
        problems.push(`${where}: runs the cluebus image but its command names no app (node dist/apps/<app>/src/main.js)`);
        continue;
      }
      const env: Record<string, string> = { ...image.env };
      for (const from of c.envFrom ?? []) {
        const prefix = from.prefix ?? '';
        const ref = from.configMapRef ?? from.secretRef;
        const source = from.configMapRef ? objects.configMaps.get(ref.name) : (objects.secrets.get(ref.name) ?? objects.generatedSecrets.get(ref.name));
        if (!source) {
          if (!ref.optional) problems.push(`${where}: envFrom ${from.configMapRef ? 'ConfigMap' : 'Secret'} ${ref.name} is not in deploy/k8s`);
          continue;
        }
        for (const [k, v] of Object.entries(source)) env[prefix + k] = v;
      }
      for (const e of c.env ?? []) {
        if (e.value !== undefined) env[e.name] = asText(e.value).replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, ref?: string) => (whole === '$$' ? '$' : (env[ref!] ?? whole)));
        else if (e.valueFrom?.configMapKeyRef) {
          const { name, key } = e.valueFrom.configMapKeyRef;
          const value = objects.configMaps.get(name)?.[key];
          if (value === undefined) problems.push(`${where}: ${e.name} refers to ConfigMap ${name} key ${key}, which is not in deploy/k8s`);
          env[e.name] = value ?? '';
        } else if (e.valueFrom?.secretKeyRef) env[e.name] = secretValue(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key, `${where} ${e.name}`) ?? '';
        else env[e.name] = 'from-field-ref';
      }
      // Files a Secret volume puts into the container.
      const secretFiles = new Set<string>();
      for (const mount of c.volumeMounts ?? []) {
        const volume = (spec.pod.volumes ?? []).find((v: Json) => v.name === mount.name);
        if (!volume) problems.push(`${where}: volumeMount ${mount.name} has no volume`);
        if (!volume?.secret) continue;
        const keys: string[] = volume.secret.items ? volume.secret.items.map((i: Json) => i.path) : Object.keys(objects.secrets.get(volume.secret.secretName) ?? {});
        for (const key of volume.secret.items?.map((i: Json) => i.key) ?? []) secretValue(volume.secret.secretName, key, `${where} volume ${volume.name}`);
        if (mount.subPath) secretFiles.add(mount.mountPath);
        else for (const k of keys) secretFiles.add(`${mount.mountPath.replace(/\/$/, '')}/${k}`);
      }
      const probes = (['startupProbe', 'readinessProbe', 'livenessProbe'] as const)
        .filter((kind) => c[kind])
        .map((kind) => ({ kind, target: c[kind].httpGet ? asText(c[kind].httpGet.path) : c[kind].exec ? commandOf(c[kind].exec.command) : `not HTTP: ${asText(c[kind])}` }));
      workloads.push({ platform: 'k8s', where, name: doc.metadata.name, app, env, secretFiles, probes, replicas: spec.replicas, profiles: [] });
    }
  }
  return { workloads, problems };
}

// ---------------------------------------------------------------------------------------------
// Checks on one workload.

function unknownSettings(w: Workload, known: Set<string>): string[] {
  return Object.keys(w.env)
    .filter((k) => !known.has(k) && !PLATFORM_VARIABLES.has(k))
    .map((k) => `${w.where}: sets ${k}, which no config loader reads`);
}

/** What apps/<app>/src/main.ts hands the loader: runCluebusService({ … }) defaults, or the ledger's own loader. */
function appEntry(app: string): { loader: 'cluebus'; defaults: Record<string, string> } | { loader: 'ledger' } | undefined {
  const main = join(ROOT, 'apps', app, 'src/main.ts');
  if (!existsSync(main)) return undefined;
  const text = readFileSync(main, 'utf8');
  const call = text.match(/runCluebusService\(\s*\{([^}]*)\}\s*\)/);
  if (call) return { loader: 'cluebus', defaults: Object.fromEntries([...call[1].matchAll(/(\w+)\s*:\s*(['"])(.*?)\2/g)].map((m) => [m[1], m[3]])) };
  if (/loadLedgerConfig\s*\(/.test(text)) return { loader: 'ledger' };
  return undefined;
}

const KEYS = generateKeyPairSync('ed25519');
const PRIVATE_PEM = KEYS.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_PEM = KEYS.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const TOKEN_PLACEHOLDER = 'placeholder-token-0123456789abcd'; // 32 characters
/** Settings whose placeholder must have a shape of its own: 32 bytes in base64. */
const BASE64_KEY_SETTINGS = new Set(['CLUEBUS_VAULT_MASTER_KEY']);
const BASE64_KEY_PLACEHOLDER = Buffer.alloc(32, 0x5a).toString('base64');

/** The workload's environment with its secrets replaced by valid placeholders (a PEM, a file holding one, a base64 key, a 32-character token). */
function withPlaceholders(env: Record<string, string>, pemSettings: Set<string>, scratch: string): Record<string, string> {
  const pem = (name: string) => (/TRUSTED|PUBLIC/.test(name) ? PUBLIC_PEM : PRIVATE_PEM);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const fileOf = k.endsWith('_FILE') ? k.slice(0, -'_FILE'.length) : undefined;
    if (fileOf && pemSettings.has(fileOf)) {
      const path = join(scratch, `${k}-${Math.random().toString(36).slice(2)}.pem`);
      writeFileSync(path, pem(fileOf));
      out[k] = path;
    } else if (pemSettings.has(k)) out[k] = pem(k);
    else if (BASE64_KEY_SETTINGS.has(k)) out[k] = BASE64_KEY_PLACEHOLDER;
    else if (/(TOKEN|SECRET|PASSWORD)/.test(k)) out[k] = TOKEN_PLACEHOLDER;
    else out[k] = v;
  }
  return out;
}

type Loaded = { kind: 'cluebus'; config: ReturnType<typeof loadCluebusConfig> } | { kind: 'ledger'; config: ReturnType<typeof loadLedgerConfig> };

/** Runs the app's real loader the way its main.ts does; the Kafka settings too, which the bus reads at start. */
function load(w: Workload, pemSettings: Set<string>, scratch: string): Loaded {
  const entry = appEntry(w.app);
  if (!entry) throw new Error(`apps/${w.app}/src/main.ts is missing or starts neither runCluebusService nor loadLedgerConfig`);
  const env = withPlaceholders(w.env, pemSettings, scratch);
  if (entry.loader === 'ledger') {
    const config = loadLedgerConfig(env);
    kafkaSettingsFromEnv(env);
    return { kind: 'ledger', config };
  }
  // libs/service/src/main-runner.ts: the app's defaults, the environment over them, the app's department last.
  const d = entry.defaults;
  const config = loadCluebusConfig({ ...d, ...env, ...(d.CLUEBUS_DEPARTMENTS ? { CLUEBUS_DEPARTMENTS: d.CLUEBUS_DEPARTMENTS } : {}) });
  if (config.bus.kind === 'kafka') kafkaSettingsFromEnv(env);
  return { kind: 'cluebus', config };
}

function loaderProblems(workloads: Workload[], pemSettings: Set<string>, scratch: string): string[] {
  return workloads.flatMap((w) => {
    try {
      load(w, pemSettings, scratch);
      return [];
    } catch (error) {
      return [`${w.where} (apps/${w.app}): ${(error as Error).message}`];
    }
  });
}

// ---------------------------------------------------------------------------------------------

describe('deploy manifests', () => {
  const image = readDockerfile();
  const { known, sources } = deriveKnownSettings();
  const pemSettings = new Set([...known].filter((k) => known.has(`${k}_FILE`)));
  const yamlFiles = [...walk(COMPOSE_DIR, (f) => /\.ya?ml$/.test(f)), ...walk(K8S_DIR, (f) => /\.ya?ml$/.test(f))];
  const parsed = yamlFiles.map((file) => ({ file, ...readYaml(file) }));
  const parseProblems = parsed.flatMap((p) => p.problems);
  const envExamplePath = join(COMPOSE_DIR, '.env.example');
  const envExample = existsSync(envExamplePath) ? parseDotenv(readFileSync(envExamplePath, 'utf8')) : {};

  const composeFiles = parsed.filter((p) => p.docs.some((d) => d && typeof d === 'object' && 'services' in d));
  const k8sEntries = parsed.filter((p) => p.file.startsWith(K8S_DIR)).flatMap((p) => p.docs.map((doc) => ({ file: p.file, doc })));
  const collectedCompose = composeFiles.flatMap((p) => p.docs.filter((d) => d.services).map((d) => collectCompose(p.file, d, envExample, image)));
  const compose: Collected = { workloads: collectedCompose.flatMap((c) => c.workloads), problems: collectedCompose.flatMap((c) => c.problems) };
  const k8s = collectK8s(k8sEntries, image);
  const all = [...compose.workloads, ...k8s.workloads];

  let scratch: string;
  beforeAll(() => (scratch = mkdtempSync(join(tmpdir(), 'cluebus-manifests-'))));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('given deploy/compose and deploy/k8s, when parsed, then both hold valid manifests that run cluebus apps (no vacuous pass)', () => {
    expect(parseProblems).toEqual([]);
    expect(composeFiles.length).toBeGreaterThan(0);
    expect(k8sEntries.length).toBeGreaterThan(0);
    expect(compose.workloads.length).toBeGreaterThan(0);
    expect(k8s.workloads.length).toBeGreaterThan(0);
    // Every YAML document is either a compose file or a Kubernetes object.
    const stray = parsed.flatMap((p) => p.docs.filter((d) => !d?.services && !(d?.apiVersion && d?.kind)).map(() => rel(p.file)));
    expect(stray).toEqual([]);
    expect([...compose.problems, ...k8s.problems]).toEqual([]);
  });

  it('given the config loaders, when their source is scanned, then the settings are found by each way they are read', () => {
    expect(sources).toEqual(expect.arrayContaining(['libs/service/src/config/cluebus-config.ts', 'apps/ledger/src/ledger-config.ts', 'libs/bus/src/kafka/kafka-settings.ts']));
    // One probe per derivation: env.NAME, a literal passed to a helper, NAME_FILE of a PEM helper, process.env in the logger.
    expect([...known]).toEqual(expect.arrayContaining(['CLUEBUS_MODE', 'CLUEBUS_KAFKA_RETENTION_MS', 'CLUEBUS_SIGNING_KEY', 'CLUEBUS_SIGNING_KEY_FILE', 'LOG_LEVEL']));
    for (const name of known) expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it('given a new loader section, when its source is scanned, then its settings are known without editing this test', () => {
    const processorConfig = `
      export const PROCESSOR_CONFIG = Symbol('CLUEBUS_PROCESSOR_CONFIG');
      function keySetting(env: Env, name: string) { return env[name] ?? readFileSync(env[\`\${name}_FILE\`]!, 'utf8'); }
      export function loadProcessorConfig(env: Env) {
        return { enabled: listSetting(env, 'CLUEBUS_PROCESSORS'), ttl: intSetting(env, 'CLUEBUS_LEASE_TTL_MS', 6000, 1), key: keySetting(env, 'CLUEBUS_LEASE_KEY'), zone: env.CLUEBUS_ZONE };
      }`;
    expect([...settingsReadBy([processorConfig])].sort()).toEqual(['CLUEBUS_LEASE_KEY', 'CLUEBUS_LEASE_KEY_FILE', 'CLUEBUS_LEASE_TTL_MS', 'CLUEBUS_PROCESSORS', 'CLUEBUS_ZONE']);
  });

  it('given every cluebus container, when its environment is compared with what the loaders read, then it sets nothing they do not know', () => {
    expect(all.flatMap((w) => unknownSettings(w, known))).toEqual([]);
  });

  it('given a manifest with a misspelt setting, when checked, then the setting is reported', () => {
    const composeFile = composeFiles[0];
    const doc = structuredClone(composeFile.docs.find((d) => d.services));
    const [name, svc] = Object.entries<Json>(doc.services).find(([, s]) => APP_COMMAND.test(commandOf(s.command)))!;
    svc.environment = { ...svc.environment, CLUEBUS_ACK_DAY: '5' };
    const [w] = collectCompose(composeFile.file, { services: { [name]: svc }, secrets: doc.secrets }, envExample, image).workloads;
    expect(unknownSettings(w, known)).toEqual([expect.stringContaining('sets CLUEBUS_ACK_DAY, which no config loader reads')]);
  });

  it('given every cluebus container, when its real loader runs on its environment with placeholder secrets, then it throws no ConfigError', () => {
    expect(loaderProblems(all, pemSettings, scratch)).toEqual([]);
  });

  it('given the nhc Deployment without its signing key file or without its brokers, when loaded, then the loader refuses each', () => {
    const nhc = k8s.workloads.find((w) => w.app === CHECKPOINTING_DEPARTMENT)!;
    const { CLUEBUS_SIGNING_KEY_FILE: _omitted, ...env } = nhc.env;
    expect(loaderProblems([{ ...nhc, env }], pemSettings, scratch)).toEqual([expect.stringMatching(/CLUEBUS_SIGNING_KEY/)]);
    const { KAFKA_BROKERS: _brokers, ...noBrokers } = nhc.env;
    expect(loaderProblems([{ ...nhc, env: noBrokers }], pemSettings, scratch)).toEqual([expect.stringMatching(/KAFKA_BROKERS/)]);
  });

  it('given every *_FILE setting, when its path is looked up, then a Secret mounted into that container provides it', () => {
    const unmounted = all.flatMap((w) =>
      Object.entries(w.env)
        .filter(([k]) => k.endsWith('_FILE') && known.has(k))
        .filter(([, path]) => !w.secretFiles.has(path))
        .map(([k, path]) => `${w.where}: ${k}=${path} is not a file a Secret provides there`),
    );
    expect(unmounted).toEqual([]);
  });

  it.each(['compose', 'k8s'] as const)('given %s, when the department services are counted, then every department code runs exactly once, as a department', (platform) => {
    const departments = all.filter((w) => w.platform === platform && (DEPARTMENT_CODES as readonly string[]).includes(w.app));
    expect(Object.fromEntries(DEPARTMENT_CODES.map((code) => [code, departments.filter((w) => w.app === code).length]))).toEqual(Object.fromEntries(DEPARTMENT_CODES.map((code) => [code, 1])));
    for (const w of departments) {
      const loaded = load(w, pemSettings, scratch);
      if (loaded.kind !== 'cluebus') throw new Error(`${w.where}: apps/${w.app} is not a department service`);
      expect({ where: w.where, mode: loaded.config.mode, departments: loaded.config.departments, store: loaded.config.store.kind, bus: loaded.config.bus.kind }).toEqual({
        where: w.where,
        mode: 'department',
        departments: [w.app],
        store: 'postgres',
        bus: 'kafka',
      });
      // The manifest's own CLUEBUS_DEPARTMENTS (the app forces its code) must not say otherwise.
      expect({ where: w.where, departments: w.env.CLUEBUS_DEPARTMENTS ?? w.app }).toEqual({ where: w.where, departments: w.app });
      expect({ where: w.where, hasOwnKey: loaded.config.apiKeys.some((k) => k.role === 'department' && k.instance.startsWith(`${w.app}:`)) }).toEqual({ where: w.where, hasOwnKey: true });
      expect({ where: w.where, checkpointer: loaded.config.audit.checkpointer, relay: loaded.config.runRelay }).toEqual({ where: w.where, checkpointer: w.app === CHECKPOINTING_DEPARTMENT, relay: false });
      if (platform === 'k8s') expect({ where: w.where, replicas: w.replicas }).toEqual({ where: w.where, replicas: 2 });
    }
  });

  it('given the ledger, when counted, then k8s runs one Deployment of 2 replicas and compose two services, every one running the relay', () => {
    const ledgers = all.filter((w) => appEntry(w.app)?.loader === 'ledger');
    const k8sLedgers = ledgers.filter((w) => w.platform === 'k8s');
    expect(k8sLedgers.map((w) => w.replicas)).toEqual([2]);
    expect(ledgers.filter((w) => w.platform === 'compose').length).toBe(2);
    for (const w of ledgers) {
      const loaded = load(w, pemSettings, scratch);
      expect({ where: w.where, relay: loaded.config.runRelay }).toEqual({ where: w.where, relay: true });
    }
    // The relay lives in the ledger only: no other workload enables it.
    const others = all.filter((w) => !ledgers.includes(w) && !w.profiles.length).filter((w) => load(w, pemSettings, scratch).config.runRelay);
    expect(others.map((w) => w.where)).toEqual([]);
  });

  it('given compose, when the standalone image is looked for, then it runs only under the trial profile', () => {
    const standalone = compose.workloads.filter((w) => w.app === 'standalone');
    expect(standalone.length).toBeGreaterThan(0);
    for (const w of standalone) expect({ where: w.where, profiles: w.profiles }).toEqual({ where: w.where, profiles: ['trial'] });
  });

  it('given every cluebus container, when its probes are read, then each one asks /health, and k8s has readiness and liveness', () => {
    expect(image.healthcheck).toMatch(/\/health\b/);
    const bad = all.flatMap((w) => w.probes.filter((p) => !/(^|[^\w])\/health\b/.test(p.target)).map((p) => `${w.where}: ${p.kind} targets "${p.target}"`));
    expect(bad).toEqual([]);
    const missing = k8s.workloads.filter((w) => !['readinessProbe', 'livenessProbe'].every((kind) => w.probes.some((p) => p.kind === kind))).map((w) => w.where);
    expect(missing).toEqual([]);
  });

  it('given the Dockerfile, when read, then it runs on Node 24 as a numeric non-root user', () => {
    expect(image.from.at(-1)).toMatch(/^node:24(\b|-)/);
    expect(image.user).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(image.env.NODE_ENV).toBe('production');
  });

  it('given k8s, when its workloads and Services are matched, then every cluebus Deployment has a Service on its HTTP port', () => {
    const services = k8sEntries.filter((e) => e.doc.kind === 'Service').map((e) => e.doc);
    const deployments = k8sEntries.filter((e) => e.doc.kind === 'Deployment' && (e.doc.spec.template.spec.containers ?? []).some((c: Json) => isCluebusImage(c.image))).map((e) => e.doc);
    expect(deployments.length).toBeGreaterThan(0);
    const unserved = deployments.filter((d) => {
      const labels = d.spec.template.metadata.labels ?? {};
      const ports = d.spec.template.spec.containers.flatMap((c: Json) => (c.ports ?? []).flatMap((p: Json) => [p.name, p.containerPort]));
      return !services.some(
        (s) => Object.entries(s.spec.selector ?? {}).every(([k, v]) => labels[k] === v) && Object.keys(s.spec.selector ?? {}).length > 0 && s.spec.ports.some((p: Json) => ports.includes(p.targetPort ?? p.port)),
      );
    });
    expect(unserved.map((d) => d.metadata.name)).toEqual([]);
    const unselected = deployments.filter((d) => !Object.entries(d.spec.selector.matchLabels ?? {}).every(([k, v]) => d.spec.template.metadata.labels?.[k] === v));
    expect(unselected.map((d) => d.metadata.name)).toEqual([]);
  });

  it('given the KafkaTopics, when compared with the bus and the ConfigMap, then every bus topic exists with its partitions, replicas and retention', () => {
    const ledger = k8s.workloads.find((w) => appEntry(w.app)?.loader === 'ledger')!;
    const settings = kafkaSettingsFromEnv(ledger.env);
    const names = new TopicNamespace(settings.namespace);
    const declared = new Map(k8sEntries.filter((e) => e.doc.kind === 'KafkaTopic').map((e) => [e.doc.spec.topicName ?? e.doc.metadata.name, e.doc]));
    const logical = [Topics.allEvents, Topics.deadLetter, ...DEPARTMENT_CODES.map(Topics.department)];
    const actual = logical.map((t) => {
      const topic = declared.get(names.topic(t));
      return { topic: names.topic(t), partitions: topic?.spec.partitions, replicas: topic?.spec.replicas, retentionMs: Number(topic?.spec.config?.['retention.ms'] ?? NaN) };
    });
    // Parked messages have their own retention (CLUEBUS_KAFKA_DLQ_RETENTION_MS, ADR 0008).
    expect(actual).toEqual(
      logical.map((t) => ({ topic: names.topic(t), partitions: settings.partitions, replicas: settings.replicationFactor, retentionMs: t === Topics.deadLetter ? settings.deadLetterRetentionMs : settings.retentionMs })),
    );
    expect([...declared.keys()].sort()).toEqual(logical.map((t) => names.topic(t)).sort());
    // The topics belong to a Kafka in these manifests, with enough brokers, that does not auto-create.
    const kafkas = k8sEntries.filter((e) => e.doc.kind === 'Kafka').map((e) => e.doc);
    for (const topic of declared.values()) expect(kafkas.map((k) => k.metadata.name)).toContain(topic.metadata.labels?.['strimzi.io/cluster']);
    for (const kafka of kafkas) {
      expect(kafka.spec.kafka.config['auto.create.topics.enable']).toBe(false);
      const brokers = k8sEntries
        .filter((e) => e.doc.kind === 'KafkaNodePool' && e.doc.metadata.labels?.['strimzi.io/cluster'] === kafka.metadata.name && e.doc.spec.roles.includes('broker'))
        .reduce((n, e) => n + e.doc.spec.replicas, 0);
      expect(brokers).toBeGreaterThanOrEqual(settings.replicationFactor);
      // Strimzi's bootstrap Service is <cluster>-kafka-bootstrap.
      expect(ledger.env.KAFKA_BROKERS.split(',').map((b) => b.split(':')[0].split('.')[0])).toEqual([`${kafka.metadata.name}-kafka-bootstrap`]);
    }
  });

  it('given the kustomization, when its resources are listed, then they are every k8s file except the Secret example', () => {
    const kustomization = k8sEntries.find((e) => e.doc.kind === 'Kustomization')!;
    const expected = walk(K8S_DIR, (f) => /\.ya?ml$/.test(f))
      .map((f) => relative(K8S_DIR, f).split('\\').join('/'))
      .filter((f) => !/^kustomization\.ya?ml$/.test(f) && !/\.example\.ya?ml$/.test(f));
    expect([...kustomization.doc.resources].sort()).toEqual(expected.sort());
  });

  it('given compose, when Kafka is read, then topics are not auto-created and no more replicas are asked than brokers run', () => {
    const doc = composeFiles[0].docs.find((d) => d.services);
    const kafka = Object.values<Json>(doc.services).find((s) => /(^|\/)apache\/kafka[:@]/.test(asText(s.image)));
    expect(asText(kafka?.environment?.KAFKA_AUTO_CREATE_TOPICS_ENABLE)).toBe('false');
    for (const w of compose.workloads.filter((x) => x.env.CLUEBUS_BUS === 'kafka')) expect({ where: w.where, replication: kafkaSettingsFromEnv(w.env).replicationFactor }).toEqual({ where: w.where, replication: 1 });
  });
});
