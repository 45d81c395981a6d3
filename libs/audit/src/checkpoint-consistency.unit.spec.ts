import { buildSampleLog, sampleEvents, sealEvents } from '../test/sample-log';
import { createCheckpoint } from './checkpoint';
import { buildCheckpointConsistencyProof, verifyCheckpointConsistency } from './checkpoint-consistency';
import { generateSigningKeyPair } from './signing-key';

describe('checkpoint consistency (append-only between checkpoints)', () => {
  const keys = generateSigningKeyPair();
  const log = buildSampleLog(300, { seed: 21 });
  const at = (size: number, events = log) => createCheckpoint(events.slice(0, size), keys.privateKey, keys.keyId);

  describe('given an older and a newer checkpoint of the same log', () => {
    it.each([
      [1, 300],
      [100, 250],
      [128, 300],
      [250, 250],
    ])('when the proof from size %i to size %i is checked, then it verifies', (m, n) => {
      const older = at(m);
      const newer = at(n);
      const proof = buildCheckpointConsistencyProof(log, older, newer);
      expect(verifyCheckpointConsistency(older, newer, JSON.parse(JSON.stringify(proof)) as string[], keys.publicKey)).toEqual({ ok: true });
    });
  });

  describe('given a newer checkpoint over a rewritten history', () => {
    it('when it is checked against the older one, then it is rejected', () => {
      const unsealed = sampleEvents(300, { seed: 21 });
      unsealed[41] = { ...unsealed[41], recordedAt: '2031-01-01T00:00:00.000Z' };
      const rewritten = sealEvents(unsealed);
      const older = at(100);
      const forkedNewer = at(250, rewritten);
      // An honest proof for the real log, offered for the forked checkpoint:
      const proof = buildCheckpointConsistencyProof(log, older, at(250));
      expect(verifyCheckpointConsistency(older, forkedNewer, proof, keys.publicKey)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not extend/) });
      // And no proof can be built from the forked log for the real older checkpoint:
      expect(() => buildCheckpointConsistencyProof(rewritten, older, forkedNewer)).toThrow(/older checkpoint/);
    });

    it('when a checkpoint signature is not valid, then it is rejected before the proof is looked at', () => {
      const older = at(100);
      const newer = at(250);
      const proof = buildCheckpointConsistencyProof(log, older, newer);
      expect(verifyCheckpointConsistency(older, { ...newer, treeSize: 251 }, proof, keys.publicKey).reason).toMatch(/newer checkpoint signature/);
      expect(verifyCheckpointConsistency(older, newer, proof, generateSigningKeyPair().publicKey).ok).toBe(false);
    });
  });
});
