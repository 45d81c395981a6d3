import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for the personal-data vault (docs/adr/0010): envelope encryption — every data key
 * is wrapped by the master key, every value sealed by its data key. A sealed blob is
 * iv ‖ tag ‖ ciphertext; the additional data binds it to where it belongs (token, owner, record,
 * field), so a row copied elsewhere does not decrypt.
 */
export class VaultCipher {
  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new RangeError('the vault master key must be 32 bytes');
  }

  newDataKey(aad: string): { dataKey: Buffer; wrapped: Buffer } {
    const dataKey = randomBytes(32);
    return { dataKey, wrapped: seal(this.masterKey, dataKey, aad) };
  }

  unwrap(wrapped: Buffer, aad: string): Buffer {
    return open(this.masterKey, wrapped, aad);
  }

  encrypt(dataKey: Buffer, plaintext: string, aad: string): Buffer {
    return seal(dataKey, Buffer.from(plaintext, 'utf8'), aad);
  }

  decrypt(dataKey: Buffer, blob: Buffer, aad: string): string {
    return open(dataKey, blob, aad).toString('utf8');
  }
}

function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

function open(key: Buffer, blob: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV_BYTES)).setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** The salted commitment an event carries for a value: hex SHA-256 of salt ‖ UTF-8 value. */
export function commitmentOf(salt: Buffer, value: string): string {
  return createHash('sha256').update(salt).update(value, 'utf8').digest('hex');
}

export const newSalt = (): Buffer => randomBytes(16);
