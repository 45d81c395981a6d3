import type { RecordedEvent } from '@cluebus/contracts';
import { buildSampleLog } from '../test/sample-log';
import { seededRandom } from '../test/seeded-random';
import { Checkpoint, createCheckpoint } from './checkpoint';
import { buildEventInclusionProof, EventInclusionProof, verifyEventInclusion } from './inclusion';
import { verifyEventIndependently } from './independent-event-verifier';
import { exportSigningKeyPair, generateSigningKeyPair } from './signing-key';

/** What a third party is handed: JSON text only, and the signer's public key PEM. */
function handOver<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('event inclusion proofs against a signed checkpoint', () => {
  const keys = generateSigningKeyPair();
  const publicKeyPem = exportSigningKeyPair(keys).publicKeyPem;
  const events = buildSampleLog(1500, { seed: 42 });
  const checkpoint = createCheckpoint(events, keys.privateKey, keys.keyId);
  const earlier = createCheckpoint(events.slice(0, 1000), keys.privateKey, keys.keyId);

  const bothVerdicts = (event: RecordedEvent, proof: EventInclusionProof, cp: Checkpoint, key: string = publicKeyPem) => {
    const [e, p, c] = [handOver(event), handOver(proof), handOver(cp)];
    return { ours: verifyEventInclusion(e, p, c, key).ok, independent: verifyEventIndependently(e, p, c, key).ok };
  };

  describe('given events handed over with their proof and the checkpoint (acceptance)', () => {
    const rnd = seededRandom(9);
    const positions = [1, 2, 3, 512, 1000, 1024, 1025, 1499, 1500, ...Array.from({ length: 20 }, () => rnd.int(1, 1500))];

    it.each(positions)(
      'when event %i is checked with only the checkpoint, the event and the proof, then the independent verifier and ours accept it',
      (position) => {
        const proof = buildEventInclusionProof(events, position, checkpoint);
        expect(proof.leafIndex).toBe(position - 1);
        expect(proof.auditPath.length).toBeLessThanOrEqual(11);
        expect(bothVerdicts(events[position - 1], proof, checkpoint)).toEqual({ ours: true, independent: true });
      },
    );

    it('when an event is proven against the earlier checkpoint, then it verifies there too', () => {
      const proof = buildEventInclusionProof(events, 640, earlier);
      expect(bothVerdicts(events[639], proof, earlier)).toEqual({ ours: true, independent: true });
    });
  });

  describe('given an honest proof and something altered', () => {
    const position = 777;
    const event = events[position - 1];
    const proof = buildEventInclusionProof(events, position, checkpoint);
    const attacker = generateSigningKeyPair();
    const flip = (hex: string) => (hex[5] === 'a' ? 'b' : 'a') + hex.slice(1, 5) + (hex[5] === 'a' ? 'b' : 'a') + hex.slice(6);
    const forgedRoot = { ...checkpoint, rootHash: flip(checkpoint.rootHash) };

    const cases: Array<[string, RecordedEvent, EventInclusionProof, Checkpoint, string?]> = [
      ['a character of the event data', { ...event, data: { ...event.data, clueId: `${String(event.data.clueId).slice(0, -1)}0` } }, proof, checkpoint],
      ['the event time', { ...event, recordedAt: '2030-01-01T00:00:00.000Z' }, proof, checkpoint],
      ['the actor', { ...event, metadata: { ...event.metadata, actor: 'someone-else' } }, proof, checkpoint],
      ['the event position (with the proof index to match)', { ...event, globalPosition: 778 }, { ...proof, leafIndex: 777 }, checkpoint],
      ['another event presented with this proof', events[position], proof, checkpoint],
      ['one audit path node', event, { ...proof, auditPath: [flip(proof.auditPath[0]), ...proof.auditPath.slice(1)] }, checkpoint],
      ['the audit path truncated', event, { ...proof, auditPath: proof.auditPath.slice(0, -1) }, checkpoint],
      ['the audit path extended', event, { ...proof, auditPath: [...proof.auditPath, proof.auditPath[0]] }, checkpoint],
      ['the proof tree size', event, { ...proof, treeSize: 1000 }, checkpoint],
      ['the proof algorithm', event, { ...proof, algorithm: 'sm3' }, checkpoint],
      ['the checkpoint root (signature no longer matches)', event, proof, forgedRoot],
      ['the checkpoint re-signed by another key', event, proof, createCheckpoint(events, attacker.privateKey, keys.keyId)],
      ['the checkpoint swapped for an earlier one', event, proof, earlier],
    ];

    it.each(cases)('when %s, then both verifiers reject it', (_what, e, p, cp) => {
      expect(bothVerdicts(e, p, cp)).toEqual({ ours: false, independent: false });
    });

    it('when verified with the wrong public key, then both verifiers reject it', () => {
      const other = exportSigningKeyPair(generateSigningKeyPair()).publicKeyPem;
      expect(bothVerdicts(event, proof, checkpoint, other)).toEqual({ ours: false, independent: false });
    });

    it('when rejected, then our verifier says why', () => {
      expect(verifyEventInclusion(event, proof, forgedRoot, keys.publicKey).reason).toMatch(/signature/);
      expect(verifyEventInclusion(events[position], proof, checkpoint, keys.publicKey).reason).toMatch(/position/);
    });
  });

  describe('given a request the checkpoint cannot answer', () => {
    it('when the event lies beyond the checkpoint, then no proof is built', () => {
      expect(() => buildEventInclusionProof(events, 1001, earlier)).toThrow(RangeError);
      expect(() => buildEventInclusionProof(events, 0, earlier)).toThrow(RangeError);
    });

    it('when the events do not match the checkpoint, then no proof is built', () => {
      const altered = events.slice();
      altered[10] = { ...altered[10], recordedAt: '2030-01-01T00:00:00.000Z' };
      expect(() => buildEventInclusionProof(altered, 5, checkpoint)).toThrow(/do not match/);
    });
  });

  describe('given an SM3 log', () => {
    it('when an event is proven against an SM3 checkpoint, then both verifiers accept it', () => {
      const sm3Events = buildSampleLog(40, { seed: 3, algorithm: 'sm3' });
      const cp = createCheckpoint(sm3Events, keys.privateKey, keys.keyId, { algorithm: 'sm3' });
      const proof = buildEventInclusionProof(sm3Events, 17, cp);
      expect(proof.algorithm).toBe('sm3');
      expect(bothVerdicts(sm3Events[16], proof, cp)).toEqual({ ours: true, independent: true });
    });
  });
});
