import { generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  exportSigningKeyPair,
  generateSigningKeyPair,
  keyIdOf,
  loadOrGenerateSigningKeyPair,
  loadSigningKeyPair,
  toPublicKey,
} from './signing-key';

describe('signing-key', () => {
  describe('given no configured key', () => {
    it('when a pair is loaded or generated, then a fresh Ed25519 pair with a 16-hex key id comes back', () => {
      const pair = loadOrGenerateSigningKeyPair();
      expect(pair.privateKey.asymmetricKeyType).toBe('ed25519');
      expect(pair.publicKey.asymmetricKeyType).toBe('ed25519');
      expect(pair.keyId).toMatch(/^[0-9a-f]{16}$/);
      expect(pair.keyId).not.toBe(generateSigningKeyPair().keyId);
    });
  });

  describe('given a pair exported as PEM', () => {
    const original = generateSigningKeyPair();
    const pem = exportSigningKeyPair(original);

    it('when it is loaded back, then it has the same key id and signs verifiably', () => {
      const loaded = loadOrGenerateSigningKeyPair(pem);
      expect(loaded.keyId).toBe(original.keyId);
      const msg = Buffer.from('checkpoint');
      expect(verify(null, msg, original.publicKey, sign(null, msg, loaded.privateKey))).toBe(true);
    });

    it('when only the private PEM is given, then the public key is derived from it', () => {
      expect(loadSigningKeyPair(pem.privateKeyPem).keyId).toBe(original.keyId);
      expect(keyIdOf(pem.publicKeyPem)).toBe(original.keyId);
      expect(keyIdOf(original.privateKey)).toBe(original.keyId);
    });

    it('when the public PEM belongs to another key, then loading fails', () => {
      const other = exportSigningKeyPair(generateSigningKeyPair());
      expect(() => loadSigningKeyPair(pem.privateKeyPem, other.publicKeyPem)).toThrow(/does not match/);
    });
  });

  describe('given a key that is not Ed25519', () => {
    it('when it is loaded, then it is refused', () => {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pemKey = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(() => loadSigningKeyPair(pemKey)).toThrow(/Ed25519/);
      expect(() => toPublicKey(ec.publicKey)).toThrow(/Ed25519/);
    });
  });
});
