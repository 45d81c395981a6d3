import type { CheckpointDto, EventProofDto } from '@cluebus/contracts/dto/responses/audit.dto';
import { buildSampleLog } from '../../../../libs/audit/test/sample-log';
import { createCheckpoint } from '@cluebus/audit/checkpoint';
import { buildEventInclusionProof } from '@cluebus/audit/inclusion';
import { exportSigningKeyPair, generateSigningKeyPair } from '@cluebus/audit/signing-key';
import { checkEventProof, keyIdOfPem } from './proof-check';

// The console's WebCrypto check against proofs made by libs/audit: both must agree on every format.
describe('the console proof check (WebCrypto) against libs/audit proofs', () => {
  const keys = generateSigningKeyPair();
  const pem = exportSigningKeyPair(keys).publicKeyPem;
  const events = buildSampleLog(300, { seed: 7 });
  const checkpoint = createCheckpoint(events, keys.privateKey, keys.keyId);
  const answerFor = (position: number): EventProofDto =>
    JSON.parse(JSON.stringify({ event: events[position - 1], proof: buildEventInclusionProof(events, position, checkpoint), checkpoint, howToVerify: '' }));
  const published = JSON.parse(JSON.stringify(checkpoint)) as CheckpointDto;

  it('given the pinned PEM, when its key id is computed in the browser way, then it is libs/audit keyIdOf', async () => {
    expect(await keyIdOfPem(pem)).toBe(keys.keyId);
  });

  it.each([1, 2, 128, 129, 255, 300])('given event %i with its proof, when checked, then it verifies', async (position) => {
    const answer = answerFor(position);
    expect(await checkEventProof(answer.event.eventId, answer, published, pem)).toMatchObject({ ok: true, treeSize: 300 });
  });

  it('given a tampered event, a tampered path, a forged signature or another key, when checked, then each fails naming why', async () => {
    const answer = answerFor(77);
    const id = answer.event.eventId;
    const tamperedEvent = { ...answer, event: { ...answer.event, data: { ...answer.event.data, extra: 1 } } };
    const tamperedPath = { ...answer, proof: { ...answer.proof, auditPath: [...answer.proof.auditPath].reverse() } };
    const forged = { ...published, signature: published.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    const other = exportSigningKeyPair(generateSigningKeyPair()).publicKeyPem;
    const reasons = await Promise.all([
      checkEventProof(id, tamperedEvent, published, pem),
      checkEventProof(id, tamperedPath, published, pem),
      checkEventProof(id, { ...answer, checkpoint: forged }, forged, pem),
      checkEventProof(id, answer, published, other),
      checkEventProof(id, answer, { ...published, issuedAt: '2020-01-01T00:00:00.000Z' }, pem),
    ]);
    expect(reasons.map((r) => [r.ok, r.reason?.split(' ').slice(0, 4).join(' ')])).toEqual([
      [false, 'event is not included'],
      [false, 'event is not included'],
      [false, 'checkpoint signature is not'],
      [false, 'the checkpoint is signed'],
      [false, "the proof's checkpoint differs"],
    ]);
  });
});
