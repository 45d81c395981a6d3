/**
 * client.inbox.watch() across a kill -9 of the service (#14 acceptance 1): the standalone
 * service runs as its own process on PostgreSQL; nhc transfers clues to samr without pause
 * while samr's SDK watches its inbox stream; the process is killed -9 and started again twice
 * mid-stream, then stopped with SIGTERM (its drain must not wait on the open stream). The watcher reconnects by itself, resuming after the last position it yielded,
 * and ends up with exactly the transfers to samr the store holds: none missing, none twice.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { CluebusClient } from '@cluebus/sdk';
import type { InboxStreamItemDto } from '@cluebus/sdk';
import { freePort } from '../../deploy/kafka/kafka-runner';
import { BASIS, kickbackClue } from '../fixtures/clues';
import { eventually } from '../support/api-client';
import { createTestDatabase } from '../support/postgres-database';
import { ensureBuilt, REPO_ROOT, ServiceProcess } from '../support/processes';

jest.setTimeout(300_000);

const SAMR = 'samr:341300';

describe('the SDK inbox stream across kill -9 of the service', () => {
  let db: { url: string; drop: () => Promise<void> };
  let service: ServiceProcess;
  let pg: Client;

  beforeAll(async () => {
    await ensureBuilt();
    db = await createTestDatabase('cluebus_sdk_watch');
    service = new ServiceProcess({
      name: 'standalone',
      entry: 'dist/apps/standalone/src/main.js',
      port: await freePort(),
      // Keys fixed for the run: standalone would generate new ones at each start, and a restarted
      // process could then not open the vault's data keys of the clues registered before.
      env: {
        CLUEBUS_MODE: 'standalone',
        CLUEBUS_STORE: 'postgres',
        DATABASE_URL: db.url,
        CLUEBUS_VAULT_MASTER_KEY: randomBytes(32).toString('base64'),
        CLUEBUS_ID_TOKEN_KEY: `test-id-token-key-${randomBytes(8).toString('hex')}`,
        CLUEBUS_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      logFile: path.join(REPO_ROOT, '.cache', 'test-logs', `sdk-watch-${Date.now()}`, 'standalone.log'),
    });
    await service.start();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  }, 300_000);

  afterAll(async () => {
    await pg?.end();
    await service?.stop();
    await db?.drop();
  });

  it('given samr watching while nhc transfers, when the service is killed -9 and restarted twice and stopped gracefully once, then samr saw every transfer to it once, as the store has them', async () => {
    // Patient clients: a restart takes a few seconds here.
    const options = { baseUrl: service.url, retries: 60, retryDelayMs: 100 };
    const nhc = new CluebusClient({ ...options, apiKey: 'dev-nhc', actor: '王科员' });
    const samr = new CluebusClient({ ...options, apiKey: 'dev-samr' });

    const seen: InboxStreamItemDto[] = [];
    const reconnects: number[] = [];
    const stop = new AbortController();
    const failures: unknown[] = [];
    const watching = (async () => {
      for await (const item of samr.inbox.watch({ signal: stop.signal, onReconnect: (r) => reconnects.push(r.after) })) seen.push(item);
    })().catch((e) => failures.push(e));

    let sent = 0;
    let producing = true;
    const producer = (async () => {
      for (let i = 0; producing; i++) {
        const { clueId } = await nhc.clues.register(kickbackClue({ category: 'false-invoice', alsoConcerns: [] }) as never, { idempotencyKey: `watch-reg-${i}` });
        await nhc.clues.transfer(clueId, { to: ['sta', 'samr'], basis: BASIS }, { idempotencyKey: `watch-tr-${i}` });
        sent++;
      }
    })().catch((e) => failures.push(e));
    // A failed watcher or producer fails the test at once, with its error.
    const progress = (n: number) =>
      eventually(async () => {
        if (failures.length > 0) throw failures[0];
        return seen.length >= n;
      }, 60_000, `${n} items seen (seen ${seen.length}, sent ${sent}, reconnects after ${reconnects.join(',')})`);

    await progress(5);
    await service.kill9();
    await service.start();
    await progress(seen.length + 5);
    await service.kill9();
    await service.start();
    await progress(seen.length + 5);
    // and a graceful stop: the open stream ends as the server stops listening, so the drain cuts nothing
    await service.stop();
    await service.start();
    await progress(seen.length + 5);
    producing = false;
    await producer;

    // the store's transfers to samr, in log order
    const stored = async () =>
      (
        await pg.query<{ position: string; transfer_id: string }>(
          `SELECT global_position AS position, data->>'transferId' AS transfer_id FROM cluebus_events
           WHERE type IN ('ClueTransferred', 'ClueForwarded') AND data->'to' ? $1 ORDER BY global_position`,
          [SAMR],
        )
      ).rows;
    await eventually(async () => seen.length >= (await stored()).length, 30_000, 'the watcher caught up with the store');
    stop.abort();
    await watching;
    expect(failures).toEqual([]);

    const inStore = await stored();
    expect(sent).toBeGreaterThanOrEqual(15);
    expect(inStore.length).toBe(sent);
    expect(reconnects.length).toBeGreaterThanOrEqual(3);
    const drains = fs.readFileSync(service.logFile, 'utf8').split('\n').filter((l) => l.includes('HTTP server drained')).map((l) => JSON.parse(l));
    expect(drains.map((d) => d.requestsCut)).toEqual([0]);
    expect(seen.map((i) => i.position)).toEqual(inStore.map((r) => Number(r.position)));
    expect(seen.map((i) => i.transferId)).toEqual(inStore.map((r) => r.transfer_id));
    expect(new Set(seen.map((i) => i.transferId)).size).toBe(seen.length);
    expect(seen.every((i) => i.kind === 'transfer' && i.from === 'nhc:341300')).toBe(true);
    // nothing of the clue's subjects travels in the stream
    expect(JSON.stringify(seen)).not.toMatch(/张某|11010519491231002X|某医药有限公司/);
  });
});
