import { buildEventInclusionProof, createCheckpoint, generateSigningKeyPair } from '@cluebus/audit';
import { buildSampleLog } from '../../audit/test/sample-log';
import type { CheckpointDto, EventProofDto } from './contract-types';
import { verifyEventProof } from './verify-event';

/** A signed log of 37 events and the answer GET /v1/audit/events/{id}/proof gives for one of them. */
function fixture(position = 12) {
  const signer = generateSigningKeyPair();
  const log = buildSampleLog(37);
  const checkpoint = createCheckpoint(log, signer.privateKey, signer.keyId) as unknown as CheckpointDto;
  const event = log[position - 1];
  const answer = {
    event,
    proof: buildEventInclusionProof(log, position, checkpoint as never),
    checkpoint: { ...checkpoint },
    howToVerify: '…',
  } as unknown as EventProofDto;
  return { signer, checkpoint, answer, eventId: event.eventId };
}

describe('verifyEventProof (client.audit.verifyEvent)', () => {
  it('given an honest proof and the pinned key, when verified, then it is ok and names the position and tree size', () => {
    const { signer, checkpoint, answer, eventId } = fixture();
    expect(verifyEventProof(eventId, answer, checkpoint, signer.publicKey)).toMatchObject({ ok: true, eventId, globalPosition: 12, treeSize: 37 });
    // PEM works as well as a KeyObject
    expect(verifyEventProof(eventId, answer, checkpoint, signer.publicKey.export({ type: 'spki', format: 'pem' }).toString()).ok).toBe(true);
  });

  it.each<[string, (f: ReturnType<typeof fixture>) => Parameters<typeof verifyEventProof>, RegExp]>([
    ['another key than the pinned one', (f) => [f.eventId, f.answer, f.checkpoint, generateSigningKeyPair().publicKey], /not the pinned key/],
    ['a proof for another event than asked', (f) => ['0193a000-0000-7000-8000-000000000001', f.answer, f.checkpoint, f.signer.publicKey], /another event/],
    ['a proof whose checkpoint differs from the published one', (f) => [f.eventId, { ...f.answer, checkpoint: { ...f.answer.checkpoint, rootHash: 'a'.repeat(64) } }, f.checkpoint, f.signer.publicKey], /differs from the published one \(rootHash\)/],
    ['an event whose data was altered', (f) => [f.eventId, { ...f.answer, event: { ...f.answer.event, data: { ...f.answer.event.data, summary: '改过' } } }, f.checkpoint, f.signer.publicKey], /not included/],
    ['an audit path with one hash changed', (f) => [f.eventId, { ...f.answer, proof: { ...f.answer.proof, auditPath: ['0'.repeat(64), ...f.answer.proof.auditPath.slice(1)] } }, f.checkpoint, f.signer.publicKey], /not included/],
    ['a signature that is not the signer\'s', (f) => {
      const forged = { ...f.checkpoint, signature: Buffer.alloc(64, 1).toString('base64') };
      return [f.eventId, { ...f.answer, checkpoint: forged }, forged, f.signer.publicKey];
    }, /signature is not valid/],
    ['a pinned key that is no Ed25519 key', (f) => [f.eventId, f.answer, f.checkpoint, 'not a key'], /pinned key is not usable/],
  ])('given %s, when verified, then it is refused with the reason', (_what, make, reason) => {
    const verdict = verifyEventProof(...make(fixture()));
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toMatch(reason);
  });
});
