import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';

/** A key as a KeyObject or as PEM text (PKCS#8 for private keys, SPKI for public keys). */
export type PrivateKeyInput = KeyObject | string | Buffer;
export type PublicKeyInput = KeyObject | string | Buffer;

/** The Ed25519 key pair that signs checkpoints, with the id checkpoints name it by. */
export interface SigningKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`${what} must be an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`);
  }
  return key;
}

export function toPrivateKey(input: PrivateKeyInput): KeyObject {
  const key = input instanceof KeyObject ? input : createPrivateKey(input);
  if (key.type !== 'private') throw new TypeError('expected a private key');
  return requireEd25519(key, 'checkpoint signing key');
}

export function toPublicKey(input: PublicKeyInput): KeyObject {
  // createPublicKey also accepts a private key and derives its public half.
  const key = input instanceof KeyObject ? (input.type === 'private' ? createPublicKey(input) : input) : createPublicKey(input);
  return requireEd25519(key, 'checkpoint verification key');
}

/** Key id: first 16 hex digits of SHA-256 over the public key's SPKI DER encoding. */
export function keyIdOf(publicKey: PublicKeyInput): string {
  const der = toPublicKey(publicKey).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function generateSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * Loads an Ed25519 key pair from PEM. The public key is derived from the private one; when a
 * public PEM is given as well it must be the matching key.
 */
export function loadSigningKeyPair(privateKeyPem: string | Buffer, publicKeyPem?: string | Buffer): SigningKeyPair {
  const privateKey = toPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  if (publicKeyPem !== undefined) {
    const given = toPublicKey(publicKeyPem);
    const der = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
    if (!der(given).equals(der(publicKey))) throw new Error('public key does not match the private key');
  }
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** Loads the pair from PEM when one is configured, otherwise generates a fresh one. */
export function loadOrGenerateSigningKeyPair(pem?: {
  privateKeyPem?: string | Buffer;
  publicKeyPem?: string | Buffer;
}): SigningKeyPair {
  return pem?.privateKeyPem ? loadSigningKeyPair(pem.privateKeyPem, pem.publicKeyPem) : generateSigningKeyPair();
}

export function exportSigningKeyPair(pair: SigningKeyPair): { privateKeyPem: string; publicKeyPem: string } {
  return {
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
