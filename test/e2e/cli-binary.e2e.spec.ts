import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { exportSigningKeyPair, generateSigningKeyPair } from '@cluebus/audit';
import { usccCheckCharacter } from '@cluebus/contracts';
import { chinaDate } from '@cluebus/domain';
import { PostgresSqlClient } from '@cluebus/eventstore';
import { queryBlacklist, queryTransferLedger } from '@cluebus/projections';
import { ApiClient, eventually } from '../support/api-client';
import { buildCli, runCli } from '../support/cli-binary';
import { ledgerRowsFromCsv, ledgerRowsFromXlsx, parseCsv } from '../support/ledger-sheets';
import { createTestDatabase } from '../support/postgres-database';
import { startStandalone, type RunningApp } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';

// Each case starts the binary several times (about a second each on a busy machine).
jest.setTimeout(60_000);

const BODY = '91341300MA2N0B7KX';
const ENTERPRISE = { kind: 'enterprise', uscc: BODY + usccCheckCharacter(BODY), name: '宿州某医药贸易有限公司' };

/**
 * The `cluebus` CLI as shipped: the built binary run as a child process against a standalone
 * service on a fresh PostgreSQL database (real HTTP for replay, the store directly for verify,
 * rebuild and export), with the service's own signing key pinned for the CLI as well.
 */
describe('cluebus CLI (built binary) against a service on PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> };
  let running: RunningApp;
  let pg: Client;
  let sql: PostgresSqlClient;
  let env: NodeJS.ProcessEnv;
  let clueId: string;
  let caseId: string;
  let out: string;

  beforeAll(async () => {
    buildCli();
    db = await createTestDatabase('cluebus_cli');
    const signingKey = exportSigningKeyPair(generateSigningKeyPair()).privateKeyPem;
    running = await startStandalone('postgres', { DATABASE_URL: db.url, CLUEBUS_SIGNING_KEY: signingKey, CLUEBUS_CHECKPOINT_EVERY: '4', CLUEBUS_CHECKPOINT_SECONDS: '1' });
    env = { CLUEBUS_MODE: 'department', CLUEBUS_STORE: 'postgres', DATABASE_URL: db.url, CLUEBUS_SIGNING_KEY: signingKey, CLUEBUS_URL: running.baseUrl, CLUEBUS_API_KEY: 'dev-investigator' };
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    sql = new PostgresSqlClient({ connectionString: db.url, max: 2 });
    out = mkdtempSync(join(tmpdir(), 'cluebus-cli-'));

    // a clue transferred, acknowledged, investigated and found; a sanction on the enterprise
    const nhc = new ApiClient(running.baseUrl, 'dev-nhc', '王科员');
    const samr = nhc.as('dev-samr');
    const nhsa = nhc.as('dev-nhsa');
    const registered = await nhc.post('/v1/clues', kickbackClue({ subjects: [{ ...ENTERPRISE, role: 'briber' }] }));
    expect(registered.status).toBe(201);
    clueId = registered.body.clueId;
    const transfer = await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr', 'nhsa'], basis: BASIS });
    expect(transfer.status).toBe(201);
    await eventually(async () => ((await samr.get('/v1/inbox')).body.items as Array<{ transferId: string }>).some((i) => i.transferId === transfer.body.transferId), 15_000, 'samr inbox');
    expect((await samr.post(`/v1/clues/${clueId}/transfers/${transfer.body.transferId}/acknowledge`)).status).toBe(200);
    expect((await samr.post(`/v1/clues/${clueId}/investigation`, { basis: '反不正当竞争法第七条' })).status).toBe(200);
    const opened = await nhc.post('/v1/cases', { title: '某医药贸易公司回扣案', clueIds: [clueId], basis: BASIS });
    expect(opened.status).toBe(201);
    caseId = opened.body.caseId;
    const finding = await samr.post(`/v1/clues/${clueId}/findings`, { result: 'substantiated', summary: '查实回扣' });
    expect(finding.status).toBe(200);
    const sanction = await nhsa.post('/v1/sanctions', {
      subject: ENTERPRISE,
      measure: 'procurement-credit-rating',
      rating: { scheme: 'nhsa-2025', grade: '严重失信' },
      legalBasis: '《关于进一步完善医药价格和招采信用评价制度的通知》',
      findingEventIds: [finding.body.events[0].eventId],
      startsOn: chinaDate(new Date()),
    });
    expect(sanction.status).toBe(201);

    // every store-fed projection and the checkpointer caught up with the head
    await eventually(async () => {
      const head = Number((await pg.query(`SELECT global_position FROM cluebus_log_head`)).rows[0].global_position);
      const { rows } = await pg.query(`SELECT name, position FROM cluebus_checkpoints WHERE name IN ('blacklist', 'transfer-ledger')`);
      const cp = await pg.query(`SELECT max(tree_size) AS n FROM cluebus_log_checkpoints`);
      return rows.length === 2 && rows.every((r) => Number(r.position) === head) && Number(cp.rows[0].n) === head;
    }, 30_000, 'projections and checkpoint at the head');
  }, 300_000);

  afterAll(async () => {
    await sql?.close();
    await pg?.end();
    await running?.close();
    await db?.drop();
  });

  it.each(['replay', 'verify', 'projections', 'export', 'checkpoint', 'dlq'])('given `%s --help`, when run, then its usage is printed and it exits 0', async (command) => {
    const run = await runCli([command, '--help']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^usage:\\ncluebus ${command} `));
    expect(run.stdout).toContain('exit codes: 0 ok');
  });

  it('given a wrong command line, when run, then exit 2 with the reason, and nothing else is done', async () => {
    expect(await runCli([])).toMatchObject({ code: 2 });
    expect(await runCli(['verify', '--frm', '3'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --frm') });
    expect(await runCli(['export', 'ledger', '--format', 'pdf'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be one of csv, xlsx, jsonl') });
    expect(await runCli(['projections', 'rebuild', 'nonesuch'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown projection "nonesuch"') });
  });

  it('given the clue, when an investigator replays it, then its timeline is printed in order, plain text off a terminal, and the read is served by the HTTP API', async () => {
    const run = await runCli(['replay', 'clue', clueId, '--actor', '调查-李'], env);
    expect(run.code).toBe(0);
    // the read is in the access log, as every investigator read
    const logged = await pg.query(`SELECT role, actor, route, target FROM cluebus_access_log WHERE actor = '调查-李'`);
    expect(logged.rows).toHaveLength(1);
    expect(logged.rows[0].role).toBe('investigator');
    expect(JSON.stringify(logged.rows[0])).toContain(clueId);
    expect(run.stdout).not.toContain('\u001b[');
    const types = [...run.stdout.matchAll(/^#\s*\d+\s+\S+\s+(\w+)/gm)].map((m) => m[1]);
    expect(types.slice(0, 4)).toEqual(['ClueRegistered', 'ClueTransferred', 'TransferAcknowledged', 'InvestigationOpened']);
    const json = JSON.parse((await runCli(['replay', 'clue', clueId, '--json'], env)).stdout);
    expect(json.events.map((e: { type: string }) => e.type)).toEqual(types);
    // an unknown clue: the API's problem, exit 1
    expect(await runCli(['replay', 'clue', '01900000-0000-7000-8000-000000000000'], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('404') });
  });

  it('given the case, when an investigator replays it with proofs, then the merged timeline of the case and its clue is printed in position order', async () => {
    const run = await runCli(['replay', 'case', caseId, '--proof'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const positions = [...run.stdout.matchAll(/^#\s*(\d+)\s+\S+\s+(\w+)/gm)].map((m) => [Number(m[1]), m[2]] as const);
    const types = positions.map(([, type]) => type);
    expect(types).toEqual(expect.arrayContaining(['ClueRegistered', 'ClueTransferred', 'CaseOpened']));
    expect(positions.map(([p]) => p)).toEqual([...positions.map(([p]) => p)].sort((a, b) => a - b));
    // every proof checked by the CLI itself, under the pinned key
    const proven = Number(/^(\d+) proof\(s\) checked here, 0 failed$/m.exec(run.stdout)?.[1]);
    expect(proven).toBe(positions.length);
    // a key the checkpoint was not signed with: not proven, exit 1
    const otherKey = generateSigningKeyPair().publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const { CLUEBUS_SIGNING_KEY: _, ...withoutSigningKey } = env;
    expect(await runCli(['replay', 'case', caseId, '--proof'], { ...withoutSigningKey, CLUEBUS_TRUSTED_KEYS: otherKey })).toMatchObject({ code: 1, stderr: expect.stringContaining('is not among the pinned keys') });
    const json = JSON.parse((await runCli(['replay', 'case', caseId, '--json'], env)).stdout);
    expect(json.caseId).toBe(caseId);
    expect(json.events.map((e: { type: string }) => e.type)).toEqual(types);
    expect(await runCli(['replay', 'clue', clueId, '--proof'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --proof') });
  });

  it('given the newest checkpoint, when shown, then its size and a valid signature under the pinned key', async () => {
    const run = await runCli(['checkpoint', 'show', '--json'], env);
    expect(run.code).toBe(0);
    const head = Number((await pg.query(`SELECT global_position FROM cluebus_log_head`)).rows[0].global_position);
    expect(JSON.parse(run.stdout)).toMatchObject({ treeSize: head, signatureValid: true, keySource: 'configured' });
  });

  it('given the ledger and the blacklist, when exported as csv, xlsx and jsonl, then each file parses back into the rows the store answers', async () => {
    const ledger = (await queryTransferLedger(sql, {}, new Date())).map(({ basis, note, reason, ...metadata }) => metadata);
    expect(ledger.length).toBe(2);
    for (const format of ['csv', 'xlsx', 'jsonl']) {
      const file = join(out, `ledger.${format}`);
      expect(await runCli(['export', 'ledger', '--format', format, '--out', file], env)).toMatchObject({ code: 0 });
      const body = readFileSync(file);
      const rows = format === 'csv' ? ledgerRowsFromCsv(body).rows : format === 'xlsx' ? (await ledgerRowsFromXlsx(body)).rows : body.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
      // overdue is judged at export time: the same here, both within the same minutes of a fresh transfer
      expect(rows).toEqual(ledger);
    }
    const listed = await queryBlacklist(sql, { asOf: chinaDate(new Date()) });
    expect(listed.length).toBeGreaterThan(0);
    const csv = await runCli(['export', 'blacklist', '--format', 'csv'], env); // to stdout
    expect(csv.code).toBe(0);
    const [header, ...records] = parseCsv(csv.stdout.replace(/^\uFEFF/, ''));
    expect(header[0]).toBe('主体类型');
    expect(records.map((r) => r[header.indexOf('惩戒编号')]).sort()).toEqual(listed.map((r) => r.sanctionId).sort());
    const jsonl = (await runCli(['export', 'blacklist', '--format', 'jsonl'], env)).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(jsonl.map((r) => r.sanctionId).sort()).toEqual(listed.map((r) => r.sanctionId).sort());
    expect(jsonl.find((r) => r.measure === 'procurement-credit-rating')).toMatchObject({ uscc: ENTERPRISE.uscc, ratingGrade: '严重失信' });
  });

  it('given the projections, when each is rebuilt by the CLI while the service runs, then every query answers as before', async () => {
    const answers = async () => ({
      ledger: await queryTransferLedger(sql, {}, new Date(0)),
      blacklist: await queryBlacklist(sql, { asOf: chinaDate(new Date()) }),
      inbox: (await pg.query(`SELECT * FROM cluebus_inbox ORDER BY department, transfer_id`)).rows,
    });
    const counts = async () => (await pg.query(`SELECT department, clues_registered, transfers_sent, transfers_received, acknowledged FROM cluebus_ledger_departments ORDER BY department`)).rows;
    const before = await answers();
    expect(before.inbox).toHaveLength(2);
    for (const name of ['transfer-ledger', 'blacklist', 'inbox', 'ledger']) {
      const run = await runCli(['projections', 'rebuild', name], env);
      expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`rebuilt ${name}`) });
    }
    const after = await answers();
    expect(after.ledger).toEqual(before.ledger);
    expect(after.blacklist).toEqual(before.blacklist);
    expect(after.inbox).toEqual(before.inbox);
    // the per-department counts (fed by cluebus.events in apps/ledger; standalone runs no such consumer): now derived from the log
    const derived = await counts();
    expect(derived.find((r) => r.department === 'nhc:341300')).toMatchObject({ clues_registered: 1, transfers_sent: 1 });
    expect(derived.find((r) => r.department === 'samr:341300')).toMatchObject({ transfers_received: 1, acknowledged: 1 });
    // rebuilt again: the same counts, not doubled (the dedup marks were reset with the rows)
    expect(await runCli(['projections', 'rebuild', 'ledger', '--json'], env)).toMatchObject({ code: 0 });
    expect(await counts()).toEqual(derived);
  });

  it('given an intact store, when verified, then exit 0; given a row altered as its owner could, then exit 1 naming that position', async () => {
    const ok = await runCli(['verify'], env);
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: positions 1\.\.\d+ intact, \d+ checkpoint\(s\) verified \(keys: configured\)/) });
    expect(await runCli(['verify', '--from', '2', '--to', '3'], env)).toMatchObject({ code: 0, stdout: expect.stringContaining('ok: positions 2..3 intact') });
    expect(await runCli(['verify', '--from', '100000'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('past the head of the log') });

    // when: the owner disables the append-only trigger and edits position 3's payload
    await pg.query(`ALTER TABLE cluebus_events DISABLE TRIGGER USER`);
    await pg.query(`UPDATE cluebus_events SET data = jsonb_set(data, '{basis}', '"改写"') WHERE global_position = 3`);
    await pg.query(`ALTER TABLE cluebus_events ENABLE TRIGGER USER`);

    const bad = await runCli(['verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('verification FAILED at position 3');
    expect(JSON.parse((await runCli(['verify', '--json'], env)).stdout)).toMatchObject({ ok: false, firstBadPosition: 3 });
    expect(await runCli(['verify', '--from', '2'], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('at position 3') });
    expect(await runCli(['verify', '--to', '2'], env)).toMatchObject({ code: 0 });
  });
});
