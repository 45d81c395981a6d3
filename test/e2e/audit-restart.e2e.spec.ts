import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCheckpointConsistency } from '@cluebus/audit';
import { ApiClient, eventually } from '../support/api-client';
import { startStandalone, type RunningApp } from '../support/standalone-app';
import { kickbackClue } from '../fixtures/clues';

/**
 * Standalone on a PGlite data directory, stopped and started again: the generated signing key is
 * kept beside the data directory and reused, the checkpointer resumes from its saved state, and
 * the checkpoints signed after the restart extend the ones signed before it.
 */
describe('the audit side across a restart (standalone, PGlite on disk)', () => {
  const root = mkdtempSync(join(tmpdir(), 'cluebus-restart-'));
  const dataDir = join(root, 'standalone');
  const env = { CLUEBUS_DATA_DIR: dataDir, CLUEBUS_CHECKPOINT_EVERY: '1000', CLUEBUS_CHECKPOINT_SECONDS: '1' };
  let running: RunningApp | undefined;

  afterAll(async () => {
    await running?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const settled = (inv: ApiClient) => eventually(async () => {
    const status = (await inv.get('/v1/audit/status')).body;
    return status.uncheckpointed === 0 && status.headPosition > 0 ? status : undefined;
  }, 15_000, 'checkpoint at the head');

  it('given a first run that signed checkpoints, when the service starts again on the same data, then it signs on with the same key and the log still verifies', async () => {
    running = await startStandalone('pglite', env);
    let nhc = new ApiClient(running.baseUrl, 'dev-nhc');
    let investigator = nhc.as('dev-investigator');
    await nhc.post('/v1/clues', kickbackClue());
    const before = await settled(investigator);
    const keyId = (await investigator.get('/v1/audit/public-key')).body.keyId;
    const keyFile = `${dataDir}.signing-key.pem`;
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    await running.close();

    running = await startStandalone('pglite', env);
    nhc = new ApiClient(running.baseUrl, 'dev-nhc');
    investigator = nhc.as('dev-investigator');
    expect((await investigator.get('/v1/audit/public-key')).body.keyId).toBe(keyId);
    expect((await investigator.get('/v1/audit/status')).body.checkpointer).toMatchObject({ state: 'running', treeSize: before.headPosition });
    await nhc.post('/v1/clues', kickbackClue());
    await nhc.post('/v1/clues', kickbackClue());
    const after = await settled(investigator);
    expect(after.latestCheckpoint.treeSize).toBeGreaterThan(before.latestCheckpoint.treeSize);
    const proof = await investigator.get(`/v1/audit/consistency?from=${before.latestCheckpoint.treeSize}&to=${after.latestCheckpoint.treeSize}`);
    const pem = (await investigator.get('/v1/audit/public-key')).body.publicKeyPem;
    expect(verifyCheckpointConsistency(proof.body.from, proof.body.to, proof.body.proof, pem)).toEqual({ ok: true });
    expect((await investigator.post('/v1/audit/verify')).body).toMatchObject({ ok: true, checked: after.headPosition, keySource: 'configured' });
  }, 90_000);
});
