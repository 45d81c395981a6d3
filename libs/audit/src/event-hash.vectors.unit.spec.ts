import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '@cluebus/contracts';
import { canonicalJson } from './canonical-json';
import { createCheckpoint } from './checkpoint';
import { chainHash, eventContentBytes, GENESIS_HASH, hashedContent } from './event-hash';
import { independentCanonicalJson, independentLeafHash } from './independent-event-verifier';
import { eventLeafHash, leafHash } from './merkle';
import { generateSigningKeyPair } from './signing-key';
import { verifyLog } from './verify-log';

/**
 * Known answers, computed outside cluebus (test/fixtures/README.md says how: printf, xxd,
 * sha256sum, openssl dgst -sm3, jq): the canonical bytes of three events, the SHA-256 of those
 * bytes, their RFC 6962 leaf hash, and the chain hash (SHA-256 and SM3) in log order.
 */
interface Vector {
  name: string;
  event: Omit<RecordedEvent, 'hash'>;
  canonical: string;
  canonicalBytes: number;
  canonicalSha256: string;
  leafSha256: string;
  hash: string;
  hashSm3: string;
}

const fixture = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'event-hash-vectors.json'), 'utf8')) as {
  genesisHash: string;
  vectors: Vector[];
};
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('event hash known-answer vectors (test/fixtures/event-hash-vectors.json)', () => {
  it('given the fixture, when read, then it holds three vectors chained from the genesis hash', () => {
    expect(fixture.genesisHash).toBe(GENESIS_HASH);
    expect(fixture.vectors).toHaveLength(3);
    fixture.vectors.forEach((v, i) => expect(v.event.prevHash).toBe(i === 0 ? GENESIS_HASH : fixture.vectors[i - 1].hash));
  });

  describe.each(fixture.vectors.map((v) => [v.name, v] as const))('given the vector "%s"', (_name, v) => {
    it('when it is canonically encoded, then the bytes are exactly the hand-written ones', () => {
      const bytes = eventContentBytes(v.event);
      expect(bytes.toString('utf8')).toBe(v.canonical);
      expect(bytes.length).toBe(v.canonicalBytes);
      expect(sha256(bytes)).toBe(v.canonicalSha256);
      // The encoder the outside verifier restates gives the same bytes.
      expect(independentCanonicalJson(hashedContent(v.event))).toBe(v.canonical);
      expect(canonicalJson(hashedContent(v.event))).toBe(v.canonical);
    });

    it('when it is chain-hashed, then the hash is the SHA-256 known answer', () => {
      expect(chainHash(v.event.prevHash, v.event)).toBe(v.hash);
      expect(chainHash(v.event.prevHash, v.event, 'sha256')).toBe(v.hash);
    });

    it('when its Merkle leaf is computed, then it is H(0x00 ‖ canonical bytes), as known', () => {
      expect(eventLeafHash(v.event).toString('hex')).toBe(v.leafSha256);
      expect(leafHash(Buffer.from(v.canonical, 'utf8')).toString('hex')).toBe(v.leafSha256);
      expect(independentLeafHash(v.event).toString('hex')).toBe(v.leafSha256);
    });
  });

  it('given the SM3 chain over the same events, when hashed with sm3, then each hash is the SM3 known answer', () => {
    let prev = GENESIS_HASH;
    for (const v of fixture.vectors) {
      expect(chainHash(prev, v.event, 'sm3')).toBe(v.hashSm3);
      prev = v.hashSm3;
    }
  });

  it('given the three events with their known hashes, when the log is verified with a checkpoint over them, then it is clean', () => {
    const log: RecordedEvent[] = fixture.vectors.map((v) => ({ ...v.event, hash: v.hash }));
    const key = generateSigningKeyPair();
    const checkpoint = createCheckpoint(log, key.privateKey, key.keyId);
    expect(verifyLog(log, [checkpoint], { publicKey: key.publicKey })).toEqual({ ok: true, checked: 3, provenThrough: 3, checkpointsVerified: 1 });
  });
});
