import { randomBytes } from 'node:crypto';
import { commitmentOf, newSalt, VaultCipher } from './vault-cipher';

describe('VaultCipher (AES-256-GCM envelope encryption)', () => {
  const cipher = new VaultCipher(randomBytes(32));

  it('given a data key wrapped by the master key, when a value is sealed and opened with the same additional data, then it comes back — and the blob does not contain it', () => {
    const { dataKey, wrapped } = cipher.newDataKey('idt1:t|nhc:341300');
    expect(cipher.unwrap(wrapped, 'idt1:t|nhc:341300')).toEqual(dataKey);
    const blob = cipher.encrypt(dataKey, '张某', 'c/subjects/0|name');
    expect(blob.includes(Buffer.from('张某'))).toBe(false);
    expect(cipher.decrypt(dataKey, blob, 'c/subjects/0|name')).toBe('张某');
  });

  it('given a sealed value, when opened with another record\'s additional data, another master key or a flipped bit, then it refuses', () => {
    const { dataKey, wrapped } = cipher.newDataKey('k');
    const blob = cipher.encrypt(dataKey, '张某', 'a');
    expect(() => cipher.decrypt(dataKey, blob, 'b')).toThrow();
    expect(() => new VaultCipher(randomBytes(32)).unwrap(wrapped, 'k')).toThrow();
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1] ^= 1;
    expect(() => cipher.decrypt(dataKey, flipped, 'a')).toThrow();
  });

  it('given a value, when committed with two salts, then the commitments differ (unlinkable) and each is SHA-256 of salt ‖ value', () => {
    const s1 = newSalt();
    const s2 = newSalt();
    expect(commitmentOf(s1, '张某')).toMatch(/^[0-9a-f]{64}$/);
    expect(commitmentOf(s1, '张某')).toBe(commitmentOf(Buffer.from(s1), '张某'));
    expect(commitmentOf(s1, '张某')).not.toBe(commitmentOf(s2, '张某'));
  });

  it('given a master key of the wrong length, when constructed, then it refuses', () => {
    expect(() => new VaultCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
