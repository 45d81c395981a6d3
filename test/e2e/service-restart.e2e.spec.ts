/**
 * A department service restarted under a stream of SDK calls (ADR 0013): once with SIGTERM
 * (the server drains requests in flight, then exits) and once with kill -9 (answers are lost
 * mid-request). The SDK retries each call on the connection errors this causes, always with
 * the call's own Idempotency-Key, so every call completes exactly once: the store holds each
 * registration once, and asking again with a key returns that key's first result.
 */
import * as fs from 'node:fs';
import { CluebusClient, type CommandResult } from '@cluebus/sdk';
import { clusterOnFreshDatabase } from '../support/cluster-fixture';
import { kickbackClue } from '../fixtures/clues';

jest.setTimeout(300_000);

describe('a department service restarted during a stream of SDK calls', () => {
  const ctx = clusterOnFreshDatabase('cluebus_restart', { departments: ['nhc'] });

  const sdk = (onRetry?: () => void) =>
    // Long enough to ride out a restart (a few seconds here): up to 30 retries, 2 s apart at most.
    new CluebusClient({ baseUrl: ctx.cluster.services.nhc.url, apiKey: ctx.cluster.keys.nhc, retries: 30, retryDelayMs: 100, onRetry });

  it('given four SDK clients registering and reading clues, when nhc is stopped with SIGTERM and restarted, then killed -9 and restarted, then every call completed exactly once', async () => {
    let retries = 0;
    const client = sdk(() => retries++);
    const results = new Map<string, CommandResult>();
    const failures: string[] = [];
    let reads = 0;
    let running = true;
    const worker = async (w: number) => {
      for (let i = 0; running; i++) {
        const key = `restart-${w}-${i}`;
        try {
          const result = await client.clues.register(kickbackClue() as never, { idempotencyKey: key });
          results.set(key, result);
          await client.clues.get(result.clueId);
          reads++;
        } catch (error) {
          failures.push(`${key}: ${(error as Error).message}`);
        }
      }
    };
    const progress = (n: number) => new Promise<void>((resolve) => {
      const target = results.size + n;
      const tick = setInterval(() => results.size >= target && (clearInterval(tick), resolve()), 20);
    });
    const workers = [0, 1, 2, 3].map(worker);
    const nhc = ctx.cluster.services.nhc;

    await progress(20);
    const stopping = Date.now();
    await nhc.stop();
    const stopMs = Date.now() - stopping;
    await nhc.start();
    await progress(20);
    await nhc.kill9();
    await nhc.start();
    await progress(20);
    running = false;
    await Promise.all(workers);

    // then: no call failed, the restarts were felt (retries), and SIGTERM took the draining path, well before SIGKILL
    expect(failures).toEqual([]);
    expect(retries).toBeGreaterThan(0);
    expect(reads).toBe(results.size);
    expect(stopMs).toBeLessThan(12_000);
    expect(fs.readFileSync(nhc.logFile, 'utf8')).toMatch(/HTTP server drained/);

    // the store holds each registration exactly once
    const { rows } = await ctx.pg.query<{ clue_id: string; n: number }>(
      `SELECT data->>'clueId' AS clue_id, count(*)::int AS n FROM cluebus_events WHERE type = 'ClueRegistered' GROUP BY 1`,
    );
    const stored = new Map(rows.map((r) => [r.clue_id, r.n]));
    const clueIds = [...results.values()].map((r) => r.clueId);
    expect(new Set(clueIds).size).toBe(results.size);
    expect(stored.size).toBe(results.size);
    expect(clueIds.filter((id) => stored.get(id) !== 1)).toEqual([]);

    // asking again with each key returns that key's first result
    const again = sdk();
    for (const [key, first] of results) {
      const repeat = await again.clues.register(kickbackClue() as never, { idempotencyKey: key });
      expect({ key, clueId: repeat.clueId, commandId: repeat.commandId, events: repeat.events, replayed: repeat.replayed }).toEqual({
        key,
        clueId: first.clueId,
        commandId: first.commandId,
        events: first.events,
        replayed: true,
      });
    }
  });

  it('given the ledger app, when asked with a bad parameter, then it answers problem details like the department services', async () => {
    const res = await ctx.cluster.ledger().get('/v1/ledger/departments?code=police', { 'accept-language': 'en' });
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'code', title: 'Validation failed', instance: '/v1/ledger/departments' });
    expect((await ctx.cluster.ledger().get('/v1/ledger/departments', { accept: 'text/html' })).body).toMatchObject({ status: 406, code: 'NOT_ACCEPTABLE' });
  });
});
