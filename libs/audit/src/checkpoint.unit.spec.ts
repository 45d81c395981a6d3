import type { RecordedEvent } from '@cluebus/contracts';
import { buildSampleLog } from '../test/sample-log';
import { canonicalJson } from './canonical-json';
import { Checkpoint, checkpointSigningBytes, createCheckpoint, signCheckpoint, verifyCheckpointSignature } from './checkpoint';
import { eventLeafHash, rootOf } from './merkle';
import { exportSigningKeyPair, generateSigningKeyPair } from './signing-key';

describe('checkpoint', () => {
  const keys = generateSigningKeyPair();
  const events = buildSampleLog(25, { seed: 7 });
  const leaves = events.map((e) => eventLeafHash(e));

  describe('given the events of a log prefix', () => {
    const cp = createCheckpoint(events, keys.privateKey, keys.keyId, { issuedAt: '2025-02-01T00:00:00.000Z' });

    it('when a checkpoint is created, then it names size, root, algorithm, time and key, and is signed', () => {
      expect(cp).toEqual({
        treeSize: 25,
        rootHash: rootOf(leaves).toString('hex'),
        algorithm: 'sha256',
        issuedAt: '2025-02-01T00:00:00.000Z',
        keyId: keys.keyId,
        signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/),
      });
      expect(verifyCheckpointSignature(cp, keys.publicKey)).toBe(true);
    });

    it('when it is created from the leaf hashes instead, then the root is the same', () => {
      const fromLeaves = createCheckpoint(leaves, keys.privateKey, keys.keyId, { issuedAt: cp.issuedAt });
      expect(fromLeaves.rootHash).toBe(cp.rootHash);
      expect(fromLeaves.signature).toBe(cp.signature); // Ed25519 is deterministic
    });

    it('when the signed bytes are inspected, then they are the canonical JSON of the unsigned fields', () => {
      const { signature: _s, ...unsigned } = cp;
      expect(checkpointSigningBytes(cp).toString('utf8')).toBe(canonicalJson(unsigned));
    });

    it('when it travels as JSON and is checked with the public key PEM, then it still verifies', () => {
      const received = JSON.parse(JSON.stringify(cp)) as Checkpoint;
      expect(verifyCheckpointSignature(received, exportSigningKeyPair(keys).publicKeyPem)).toBe(true);
    });
  });

  describe('given a signed checkpoint that is then altered', () => {
    const cp = createCheckpoint(events, keys.privateKey, keys.keyId);
    const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
    const sigBytes = Buffer.from(cp.signature, 'base64');
    sigBytes[10] ^= 1;
    const altered: Array<[string, Checkpoint]> = [
      ['treeSize', { ...cp, treeSize: cp.treeSize - 1 }],
      ['rootHash', { ...cp, rootHash: flip(cp.rootHash) }],
      ['rootHash in upper case', { ...cp, rootHash: cp.rootHash.toUpperCase() }],
      ['algorithm', { ...cp, algorithm: 'sm3' }],
      ['issuedAt', { ...cp, issuedAt: '2020-01-01T00:00:00.000Z' }],
      ['keyId', { ...cp, keyId: 'someone-else' }],
      ['signature bit', { ...cp, signature: sigBytes.toString('base64') }],
      ['signature truncated', { ...cp, signature: cp.signature.slice(0, 40) }],
      ['signature with trailing junk', { ...cp, signature: `${cp.signature}!` }],
      ['signature missing', { ...cp, signature: undefined as unknown as string }],
      ['treeSize not an integer', { ...cp, treeSize: 1.5 }],
    ];

    it.each(altered)('when its %s is changed, then the signature check fails', (_what, bad) => {
      expect(verifyCheckpointSignature(bad, keys.publicKey)).toBe(false);
    });

    it('when it is checked with another key, then the signature check fails', () => {
      expect(verifyCheckpointSignature(cp, generateSigningKeyPair().publicKey)).toBe(false);
    });
  });

  describe('given SM3 and an empty log', () => {
    it('when an SM3 checkpoint is made, then its root is the SM3 tree root', () => {
      const cp = createCheckpoint(events, keys.privateKey, keys.keyId, { algorithm: 'sm3' });
      expect(cp.rootHash).toBe(rootOf(events.map((e) => eventLeafHash(e, 'sm3')), 'sm3').toString('hex'));
      expect(verifyCheckpointSignature(cp, keys.publicKey)).toBe(true);
    });

    it('when a checkpoint of the empty log is made, then it covers 0 events with the empty root', () => {
      const cp = createCheckpoint([], keys.privateKey, keys.keyId);
      expect(cp.treeSize).toBe(0);
      expect(cp.rootHash).toBe(rootOf([]).toString('hex'));
    });
  });

  describe('given events that are not a log prefix', () => {
    it('when a checkpoint is asked for them, then it is refused', () => {
      const gap: RecordedEvent[] = [events[0], events[2]];
      expect(() => createCheckpoint(gap, keys.privateKey, keys.keyId)).toThrow(RangeError);
    });

    it('when an unsigned checkpoint is malformed, then signing refuses it', () => {
      expect(() =>
        signCheckpoint({ treeSize: 1, rootHash: 'xyz', algorithm: 'sha256', issuedAt: '', keyId: 'k' }, keys.privateKey),
      ).toThrow(TypeError);
    });
  });
});
