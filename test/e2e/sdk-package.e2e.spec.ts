/**
 * The packed SDK on its own (#14 acceptance 1): `npm run build:sdk`, `npm pack`, `npm install
 * <tarball> --offline` into an empty folder, its declarations type-check a consumer there, and
 * the examples run from that folder against a started service: nhc's system registers and
 * transfers, samr's watches its inbox and answers each transfer, and a procurement system
 * screens the supplier against the blacklist, each sanction verified against a pinned key.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CluebusClient } from '@cluebus/sdk';
import { usccCheckCharacter } from '@cluebus/contracts';
import { startStandalone, type RunningApp } from '../support/standalone-app';
import { REPO_ROOT } from '../support/processes';

jest.setTimeout(300_000);

const run = promisify(execFile);
const SDK_DIR = path.join(REPO_ROOT, 'libs', 'sdk');
const SUPPLIER = '91330100716105852F';

function mustRun(command: string, args: string[], cwd: string): string {
  const res = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false' } });
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${res.status}) in ${cwd}:\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

const jsonLines = (text: string) => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

describe('the packed @cluebus/sdk, installed alone, running its examples', () => {
  let temp: string;
  let app: string;
  let packed: Array<{ path: string }>;
  let running: RunningApp;
  const signingKey = generateKeyPairSync('ed25519');
  const publicKeyPem = signingKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  beforeAll(async () => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'cluebus-sdk-'));
    app = path.join(temp, 'app');
    fs.mkdirSync(app);
    mustRun('npm', ['run', '-s', 'build:sdk'], REPO_ROOT);
    const [pack] = JSON.parse(mustRun('npm', ['pack', '--json', '--pack-destination', temp], SDK_DIR)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packed = pack.files;
    // an empty folder, no network: the package must need nothing beyond itself
    mustRun('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(temp, pack.filename)], app);
    for (const example of fs.readdirSync(path.join(app, 'node_modules', '@cluebus', 'sdk', 'examples'))) {
      fs.copyFileSync(path.join(app, 'node_modules', '@cluebus', 'sdk', 'examples', example), path.join(app, example));
    }
    running = await startStandalone('pglite', {
      CLUEBUS_SIGNING_KEY: signingKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      CLUEBUS_CHECKPOINT_SECONDS: '1',
    });
  }, 300_000);

  afterAll(async () => {
    await running?.close();
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  it('given the tarball, when listed and installed, then it holds only the built SDK, its docs and examples, and nothing else was installed', () => {
    const files = packed.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'dist/sdk/src/index.js', 'dist/sdk/src/index.d.ts', 'examples/watch-and-answer.js']));
    expect(files.filter((f) => !/^(package\.json|README\.md|CHANGELOG\.md|dist\/.+\.(js|d\.ts)|examples\/.+\.js)$/.test(f))).toEqual([]);
    expect(files.some((f) => f.includes('.spec.'))).toBe(false);
    expect(fs.readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['@cluebus']);
    // no import of the server or of a package survives in what was installed
    const installed = path.join(app, 'node_modules', '@cluebus', 'sdk', 'dist');
    const texts = fs.readdirSync(installed, { recursive: true }).map(String).filter((f) => /\.(js|d\.ts)$/.test(f)).map((f) => fs.readFileSync(path.join(installed, f), 'utf8'));
    expect(texts.filter((t) => /from ['"]@cluebus|require\(['"](@cluebus|class-validator|reflect-metadata|@nestjs)/.test(t))).toEqual([]);
  });

  it('given a TypeScript consumer in the folder, when type-checked strictly without skipLibCheck, then the declarations stand alone with the contract types', () => {
    fs.writeFileSync(
      path.join(app, 'consumer.ts'),
      [
        "import { CluebusClient, CluebusApiError, type RegisterClueDto, type InboxStreamItemDto, type EventVerdict } from '@cluebus/sdk';",
        "const client = new CluebusClient({ baseUrl: 'http://x', apiKey: 'k' });",
        "const body: RegisterClueDto = { source: 'report', category: 'kickback', summary: 's', subjects: [] };",
        'export async function f(): Promise<[string, number, boolean, string?]> {',
        '  const { clueId } = await client.clues.register(body);',
        '  for await (const item of client.inbox.watch({ after: 3 })) { const i: InboxStreamItemDto = item; return [clueId, i.position, false]; }',
        "  const v: EventVerdict = await client.audit.verifyEvent(clueId, { publicKey: 'pem' });",
        "  try { await client.blacklist.get({ uscc: '1' }); } catch (e) { if (e instanceof CluebusApiError) return [e.code, 0, v.ok, e.field]; }",
        '  return [clueId, 0, v.ok];',
        '}',
        '// @ts-expect-error: the contract types reach the consumer (a clue needs its fields)',
        'export const bad: RegisterClueDto = { source: 1 };',
        '',
      ].join('\n'),
    );
    const tsc = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
    const args = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'es2022', '--module', 'commonjs', '--moduleResolution', 'node10'];
    const typeRoots = ['--typeRoots', path.join(REPO_ROOT, 'node_modules', '@types'), '--types', 'node'];
    mustRun(tsc, [...args, ...typeRoots, 'consumer.ts'], app);
    // the examples are checked against the installed declarations too (// @ts-check)
    mustRun(tsc, [...args, ...typeRoots, '--allowJs', '--checkJs', '--noImplicitAny', 'false', 'register-and-transfer.js', 'watch-and-answer.js', 'screen-supplier.js'], app);
  });

  it('given the service, when nhc runs register-and-transfer and samr watch-and-answer from the folder, then samr answered exactly what nhc transferred, and the supplier screens as listed once samr sanctions it, with verified proofs', async () => {
    const env = { ...process.env, CLUEBUS_URL: running.baseUrl };
    // samr's system starts first and waits for its inbox
    const watcher = spawn(process.execPath, ['watch-and-answer.js', '2'], { cwd: app, env: { ...env, CLUEBUS_KEY: 'dev-samr' } });
    let watchOut = '';
    let watchErr = '';
    watcher.stdout.on('data', (d) => (watchOut += d));
    watcher.stderr.on('data', (d) => (watchErr += d));
    const watched = new Promise<number | null>((resolve) => watcher.once('exit', resolve));

    const registered = await run(process.execPath, ['register-and-transfer.js', '2'], { cwd: app, env: { ...env, CLUEBUS_KEY: 'dev-nhc', REF_PREFIX: 'pack-e2e' } });
    const transfers = jsonLines(registered.stdout);
    const timeout = setTimeout(() => watcher.kill('SIGKILL'), 60_000);
    const exit = await watched;
    clearTimeout(timeout);
    expect([exit, watchErr]).toEqual([0, '']);

    const answered = jsonLines(watchOut);
    expect(transfers).toHaveLength(2);
    expect(transfers.every((t) => t.to.includes('samr'))).toBe(true);
    expect(answered.map((a) => [a.clueId, a.transferId, a.from])).toEqual(transfers.map((t) => [t.clueId, t.transferId, 'nhc:341300']));

    // the store tells the same story, seen from nhc: samr answered each transfer
    const nhc = new CluebusClient({ baseUrl: running.baseUrl, apiKey: 'dev-nhc' });
    for (const t of transfers) {
      const history = await nhc.clues.history(t.clueId);
      const samrs = history.events.filter((e) => (e.data as { by?: string }).by === 'samr:341300').map((e) => e.type);
      expect(samrs).toEqual(['TransferAcknowledged', 'InvestigationOpened', 'FindingRecorded', 'DispositionDecided', 'FeedbackSent']);
    }
    // running register-and-transfer again with the same references registers nothing new
    const again = jsonLines((await run(process.execPath, ['register-and-transfer.js', '2'], { cwd: app, env: { ...env, CLUEBUS_KEY: 'dev-nhc', REF_PREFIX: 'pack-e2e' } })).stdout);
    expect(again.map((a) => [a.clueId, a.replayed])).toEqual(transfers.map((t) => [t.clueId, true]));

    // samr publishes its penalty on the supplier, citing the finding; the procurement system screens
    const samr = new CluebusClient({ baseUrl: running.baseUrl, apiKey: 'dev-samr' });
    await samr.sanctions.impose({
      subject: { kind: 'enterprise', uscc: SUPPLIER, name: '某医药有限公司' },
      measure: 'administrative-penalty-publicity',
      legalBasis: '反不正当竞争法第七条、第十九条',
      findingEventIds: [answered[0].findingEventId],
      startsOn: '2026-12-01',
      endsOn: '2027-05-31',
    } as never);
    const clean = '91341300MA2N0B7KX' + usccCheckCharacter('91341300MA2N0B7KX');
    const investigator = new CluebusClient({ baseUrl: running.baseUrl, apiKey: 'dev-investigator' });
    const head = (await investigator.audit.status()).headPosition;
    // the checkpointer signs the head within about a second
    for (let i = 0; i < 100 && ((await investigator.audit.latestCheckpoint().catch(() => undefined))?.treeSize ?? 0) < head; i++) await new Promise((r) => setTimeout(r, 100));
    const screened = await run(process.execPath, ['screen-supplier.js', SUPPLIER, clean], {
      cwd: app,
      env: { ...env, CLUEBUS_KEY: 'dev-auditor', CLUEBUS_PROOF_KEY: 'dev-investigator', CLUEBUS_AUDIT_PUBLIC_KEY: publicKeyPem },
    }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
    expect(screened).toMatchObject({ code: 3 });
    const [listed, notListed] = jsonLines(screened.stdout);
    // samr's penalty, and what the 联合惩戒 memorandum records from it elsewhere: each one proven
    expect(listed).toMatchObject({ uscc: SUPPLIER, listed: true });
    expect(listed.sanctions).toEqual(expect.arrayContaining([expect.objectContaining({ department: 'samr:341300', until: '2027-05-31' })]));
    expect(listed.sanctions.map((s: { proof: string }) => s.proof)).toEqual(listed.sanctions.map(() => 'verified'));
    expect(notListed).toMatchObject({ uscc: clean, listed: false, sanctions: [] });

    // a key that is not the signer's: the same proof no longer verifies
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const verdict = await investigator.audit.verifyEvent(listed.sanctions[0].eventId, { publicKey: other });
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('not the pinned key') });
  });

  it.each(['22', '24'])('given Node %s (its binary from the npm registry), when screen-supplier runs from the folder, then the listing and its verified proofs are the same as on this Node', async (major) => {
    // the package claims engines node >= 20; the Node 20 runs are the ones above
    const clean = '91341300MA2N0B7KX' + usccCheckCharacter('91341300MA2N0B7KX');
    const env = { ...process.env, CLUEBUS_URL: running.baseUrl, CLUEBUS_KEY: 'dev-auditor', CLUEBUS_PROOF_KEY: 'dev-investigator', CLUEBUS_AUDIT_PUBLIC_KEY: publicKeyPem, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' };
    const screened = await run('npx', ['-y', `node@${major}`, 'screen-supplier.js', SUPPLIER, clean], { cwd: app, env }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
    expect(screened).toMatchObject({ code: 3 });
    const [listed, notListed] = jsonLines(screened.stdout);
    expect(listed).toMatchObject({ uscc: SUPPLIER, listed: true });
    expect(listed.sanctions.length).toBeGreaterThan(0);
    expect(listed.sanctions.map((s: { proof: string }) => s.proof)).toEqual(listed.sanctions.map(() => 'verified'));
    expect(notListed).toMatchObject({ uscc: clean, listed: false });
    const version = await run('npx', ['-y', `node@${major}`, '--version'], { cwd: app, env });
    expect(version.stdout.trim()).toMatch(new RegExp(`^v${major}\\.`));
  }, 180_000);

  it('given the stream route, when asked with a bad cursor, another role or no key, then it refuses with problem details naming the field; with a department key its frames carry only documented fields', async () => {
    const url = `${running.baseUrl}/v1/inbox/stream`;
    const ask = (headers: Record<string, string>) => fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
    const bad = await ask({ authorization: 'Bearer dev-samr', 'last-event-id': 'abc' });
    expect([bad.status, bad.headers.get('content-type'), ((await bad.json()) as { field: string }).field]).toEqual([400, expect.stringContaining('application/problem+json'), 'Last-Event-ID']);
    const badAfter = await fetch(`${url}?after=-1`, { headers: { authorization: 'Bearer dev-samr' } });
    expect([badAfter.status, ((await badAfter.json()) as { field: string }).field]).toEqual([400, 'after']);
    expect((await ask({ authorization: 'Bearer dev-investigator' })).status).toBe(403);
    expect((await ask({})).status).toBe(401);

    const controller = new AbortController();
    const res = await fetch(`${url}?after=0`, { headers: { authorization: 'Bearer dev-samr', accept: 'text/event-stream' }, signal: controller.signal });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const reader = res.body!.getReader();
    let text = '';
    while (!/event: inbox[\s\S]*event: inbox/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const items = [...text.matchAll(/^id: (\d+)\nevent: inbox\ndata: (.+)$/gm)].map((m) => ({ id: Number(m[1]), item: JSON.parse(m[2]) }));
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every(({ id, item }) => id === item.position)).toBe(true);
    const documented = Object.keys(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'openapi', 'cluebus.v1.json'), 'utf8')).components.schemas.InboxStreamItemDto.properties);
    expect(items.flatMap(({ item }) => Object.keys(item)).filter((k) => !documented.includes(k))).toEqual([]);
  });
});
