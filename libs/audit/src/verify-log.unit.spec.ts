import type { RecordedEvent } from '@cluebus/contracts';
import { buildSampleLog, sampleEvents, sealEvents } from '../test/sample-log';
import { seededRandom } from '../test/seeded-random';
import { tamper, TAMPER_KINDS, TamperContext, Tampering } from '../test/tamperings';
import { Checkpoint, createCheckpoint } from './checkpoint';
import { chainHash, chainHashFromBytes, eventContentBytes, GENESIS_HASH } from './event-hash';
import { leafHash } from './merkle';
import { generateSigningKeyPair } from './signing-key';
import { LogVerifier, LogVerifierState, verifyLog, verifyLogStream, VerifyLogOptions, VerifyLogResult } from './verify-log';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const keys = generateSigningKeyPair();
const options: VerifyLogOptions = { algorithm: 'sha256', publicKey: keys.publicKey };

function checkpointsEvery(events: readonly RecordedEvent[], every: number, contentBytes?: readonly Buffer[]): Checkpoint[] {
  const leaves = (contentBytes ?? events.map((e) => eventContentBytes(e))).map((bytes) => leafHash(bytes));
  const sizes = new Set<number>();
  for (let size = every; size <= events.length; size += every) sizes.add(size);
  sizes.add(events.length); // and the end
  return [...sizes].map((size) => createCheckpoint(leaves.slice(0, size), keys.privateKey, keys.keyId));
}

describe('verifyLog', () => {
  describe('given a small valid log with checkpoints at 10, 20 and 30', () => {
    const log = deepFreeze(buildSampleLog(30, { seed: 11 }));
    const checkpoints = checkpointsEvery(log, 10);

    it('when it is verified, then it is clean and every checkpoint is confirmed', () => {
      expect(verifyLog(log, checkpoints, options)).toEqual({ ok: true, checked: 30, provenThrough: 30, checkpointsVerified: 3 });
    });

    it('when it is pushed event by event into a LogVerifier, then finish gives the same verdict', () => {
      const verifier = new LogVerifier(checkpoints, options);
      for (const e of log) expect(verifier.push(e)).toBe(true);
      expect(verifier.finish()).toEqual(verifyLog(log, checkpoints, options));
    });

    it('when it is read as an async stream, then the verdict is the same', async () => {
      async function* read() {
        for (const e of log) yield e;
      }
      await expect(verifyLogStream(read(), checkpoints, options)).resolves.toEqual(verifyLog(log, checkpoints, options));
    });

    it('when verification stops after 15 events and resumes from the saved state as JSON, then it finishes clean', () => {
      const first = new LogVerifier(checkpoints, options);
      log.slice(0, 15).forEach((e) => first.push(e));
      const saved = JSON.parse(JSON.stringify(first.state())) as LogVerifierState;
      const second = new LogVerifier(checkpoints, options, saved);
      log.slice(15).forEach((e) => second.push(e));
      expect(second.finish()).toEqual({ ok: true, checked: 30, provenThrough: 30, checkpointsVerified: 3 });
    });

    it('when verification resumes exactly at a checkpoint it already confirmed, then that checkpoint is not counted twice', () => {
      const first = new LogVerifier(checkpoints, options);
      log.slice(0, 20).forEach((e) => first.push(e));
      const second = new LogVerifier(checkpoints, options, first.state());
      log.slice(20).forEach((e) => second.push(e));
      expect(second.finish()).toEqual({ ok: true, checked: 30, provenThrough: 30, checkpointsVerified: 3 });
    });

    it('when verification resumes past a checkpoint it never saw, then that one is skipped and later ones are checked', () => {
      const first = new LogVerifier([], options);
      log.slice(0, 15).forEach((e) => first.push(e));
      const second = new LogVerifier(checkpoints, options, first.state());
      log.slice(15).forEach((e) => second.push(e));
      expect(second.finish()).toEqual({ ok: true, checked: 30, provenThrough: 30, checkpointsVerified: 2 });
      // An edit at 17 with the chain recomputed after it: only checkpoint 20 can catch it.
      const unsealed = log.map(({ prevHash: _p, hash: _h, ...rest }) => rest);
      unsealed[16] = { ...unsealed[16], data: { ...unsealed[16].data, note: 'inserted later' } };
      const rewritten = sealEvents(unsealed);
      const third = new LogVerifier(checkpoints, options, first.state());
      rewritten.slice(15).forEach((e) => third.push(e));
      expect(third.finish()).toMatchObject({ ok: false, firstBadPosition: 1, suspectRange: { from: 1, to: 20 } });
    });

    it('when the last 5 rows are gone, then the first missing position is named from the last checkpoint', () => {
      expect(verifyLog(log.slice(0, 25), checkpoints, options)).toMatchObject({
        ok: false,
        firstBadPosition: 26,
        reason: expect.stringMatching(/ends at position 25.*26\.\.30 are missing/),
        provenThrough: 20,
      });
    });

    it('when a row appears twice, then the position after the first copy is named', () => {
      const doubled = [...log.slice(0, 8), log[7], ...log.slice(8)];
      expect(verifyLog(doubled, checkpoints, options)).toMatchObject({ ok: false, firstBadPosition: 9, reason: expect.stringMatching(/duplicate/) });
    });

    it('when the first event does not start from the genesis hash, then position 1 is named', () => {
      const unrooted = [{ ...log[0], prevHash: 'ab'.repeat(32) }, ...log.slice(1)];
      expect(verifyLog(unrooted, checkpoints, options)).toMatchObject({ ok: false, firstBadPosition: 1, reason: expect.stringMatching(/genesis/) });
    });

    it('when an event is re-hashed onto a forged prevHash, then the broken link is named at that event', () => {
      const spliced = [...log];
      const prevHash = 'cd'.repeat(32);
      spliced[16] = { ...log[16], prevHash, hash: chainHash(prevHash, log[16]) };
      expect(verifyLog(spliced, checkpoints, options)).toMatchObject({
        ok: false,
        firstBadPosition: 17,
        reason: expect.stringMatching(/prevHash does not link to the hash of position 16/),
      });
    });

    it('when an event holds a value JSON cannot carry, then that event is named', () => {
      const broken = [...log];
      broken[4] = { ...log[4], data: { amount: Number.NaN } };
      expect(verifyLog(broken, checkpoints, options)).toMatchObject({ ok: false, firstBadPosition: 5, reason: expect.stringMatching(/canonically/) });
    });

    it('when a checkpoint signature is forged, then verification fails before any event, naming the checkpoint', () => {
      const forged = [...checkpoints];
      forged[1] = { ...forged[1], rootHash: 'ab'.repeat(32) };
      const result = verifyLog(log, forged, options);
      expect(result).toMatchObject({ ok: false, checked: 0, reason: expect.stringMatching(/size 20: signature/), badCheckpoint: 20 });
      expect(result.firstBadPosition).toBeUndefined();
    });

    it('when a checkpoint is signed by an unknown key, then verification fails', () => {
      const stranger = generateSigningKeyPair();
      const extra = createCheckpoint(log.slice(0, 5), stranger.privateKey, stranger.keyId);
      const keyring = new Map([[keys.keyId, keys.publicKey]]);
      expect(verifyLog(log, [...checkpoints, extra], { publicKey: keyring })).toMatchObject({ ok: false, reason: expect.stringMatching(/no public key/) });
      keyring.set(stranger.keyId, stranger.publicKey);
      expect(verifyLog(log, [...checkpoints, extra], { publicKey: keyring })).toMatchObject({ ok: true, checkpointsVerified: 4 });
    });

    it('when the checkpoints use another hash algorithm than the log, then verification fails', () => {
      expect(verifyLog(log, checkpoints, { ...options, algorithm: 'sm3' })).toMatchObject({ ok: false, reason: expect.stringMatching(/uses sha256/) });
    });

    it('when there are no checkpoints and the chain is recomputed after an edit, then the chain alone cannot tell (why checkpoints are signed)', () => {
      const unsealed = log.map(({ prevHash: _p, hash: _h, ...rest }) => rest);
      const edited = [...unsealed];
      edited[12] = { ...unsealed[12], recordedAt: '2031-01-01T00:00:00.000Z' };
      const rechained = sealEvents(edited);
      expect(verifyLog(rechained, [], options)).toEqual({ ok: true, checked: 30, provenThrough: 0, checkpointsVerified: 0 });
      expect(verifyLog(rechained, checkpoints, options)).toMatchObject({ ok: false, firstBadPosition: 11, suspectRange: { from: 11, to: 20 } });
    });

    it('when a verifier has failed, then it ignores further events and cannot be saved for resuming', () => {
      const verifier = new LogVerifier(checkpoints, options);
      expect(verifier.push(log[1])).toBe(false);
      expect(verifier.push(log[0])).toBe(false);
      expect(verifier.failed).toBe(true);
      expect(() => verifier.state()).toThrow();
    });
  });

  describe('given an SM3 log', () => {
    it('when it is verified with SM3, then it is clean', () => {
      const log = buildSampleLog(50, { seed: 12, algorithm: 'sm3' });
      const checkpoints = [createCheckpoint(log, keys.privateKey, keys.keyId, { algorithm: 'sm3' })];
      expect(verifyLog(log, checkpoints, { algorithm: 'sm3', publicKey: keys.publicKey })).toMatchObject({ ok: true, provenThrough: 50 });
    });
  });
});

describe('tamper detection over a 10,000-event log with a checkpoint every 1,000 events', () => {
  const N = 10_000;
  const TAMPERINGS = 1_000;
  const SEED = 20250106;
  const log = deepFreeze(buildSampleLog(N, { seed: SEED }));
  const contentBytes = log.map((e) => eventContentBytes(e));
  const checkpoints = checkpointsEvery(log, 1_000, contentBytes);
  const ctx: TamperContext = { log, contentBytes, checkpointSizes: checkpoints.map((c) => c.treeSize), algorithm: 'sha256' };

  // The state of a verifier after each untouched prefix: states[p] has verified positions 1..p.
  // A tampered copy shares its untouched prefix with the original (asserted below, by identity),
  // so verification of each copy resumes after that prefix instead of redoing it 1,000 times.
  const states: LogVerifierState[] = [];
  {
    const verifier = new LogVerifier(checkpoints, options);
    states.push(verifier.state());
    for (const e of log) {
      verifier.push(e);
      states.push(verifier.state());
    }
  }

  function verifyTampered(t: Tampering): VerifyLogResult {
    for (let i = 0; i < t.firstTouched - 1; i++) {
      if (t.log[i] !== log[i]) throw new Error(`${t.description}: slot ${i + 1} is not the original event`);
    }
    const verifier = new LogVerifier(checkpoints, options, states[t.firstTouched - 1]);
    for (let i = t.firstTouched - 1; i < t.log.length; i++) if (!verifier.push(t.log[i])) break;
    return verifier.finish();
  }

  const plan = Array.from({ length: TAMPERINGS }, (_, i) => ({ i, kind: TAMPER_KINDS[i % TAMPER_KINDS.length] }));
  const PER_KIND = Math.floor(TAMPERINGS / TAMPER_KINDS.length);
  const tamperingFor = (i: number): Tampering => tamper(plan[i].kind, ctx, seededRandom(SEED + i));

  it('given the untouched log, when it is verified from scratch, then it verifies clean with all 10 checkpoints', () => {
    expect(checkpoints.map((c) => c.treeSize)).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000]);
    expect(verifyLog(log, checkpoints, options)).toEqual({ ok: true, checked: N, provenThrough: N, checkpointsVerified: 10 });
    expect(states[N]).toMatchObject({ verifiedThrough: N, provenThrough: N, checkpointsVerified: 10 });
  });

  it(`given a plan of ${TAMPERINGS} seeded tamperings, when it is drawn, then it covers all ${TAMPER_KINDS.length} kinds`, () => {
    expect(plan).toHaveLength(TAMPERINGS);
    for (const kind of TAMPER_KINDS) expect(plan.filter((p) => p.kind === kind).length).toBeGreaterThanOrEqual(PER_KIND);
  });

  const reasons: Record<string, RegExp> = {
    'payload-char': /does not match its content/,
    'delete-row': /missing/,
    'swap-contents': /does not (match its content|link)/,
    'swap-rows': /missing/,
    timestamp: /does not match its content/,
    'random-hash': /does not match its content/,
    'rewrite-and-rechain': /checkpoint of size \d+ .* does not match the events/,
    'column-edit': /does not match its content|missing/,
    'insert-row': /prevHash does not link to the hash of position \d+|checkpoint of size \d+ .* does not match the events/,
    'delete-renumber': /prevHash does not link|missing/,
  };

  describe.each(TAMPER_KINDS.map((k) => [k]))('given tamperings of kind %s, each on a fresh copy', (kind) => {
    it('when each tampered log is verified, then every one is detected at the expected first bad position', () => {
      const missed: string[] = [];
      let tested = 0;
      for (const { i } of plan.filter((p) => p.kind === kind)) {
        const t = tamperingFor(i);
        const result = verifyTampered(t);
        tested++;
        const wrong =
          result.ok ||
          result.firstBadPosition !== t.expectedFirstBad ||
          !reasons[kind].test(result.reason ?? '') ||
          (kind === 'rewrite-and-rechain' &&
            !(result.suspectRange && result.suspectRange.from <= t.changedPosition && t.changedPosition <= result.suspectRange.to));
        if (wrong) missed.push(`#${i} ${t.description}: expected ${t.expectedFirstBad}, got ${JSON.stringify(result)}`);
      }
      expect(tested).toBeGreaterThanOrEqual(PER_KIND);
      expect(missed).toEqual([]);
    });

    it('when one of them is verified from scratch instead, then the verdict is the same as the resumed one', () => {
      for (const { i } of plan.filter((p) => p.kind === kind).slice(0, 1)) {
        const t = tamperingFor(i);
        expect(verifyLog(t.log, checkpoints, options)).toEqual(verifyTampered(t));
      }
    });
  });

  describe('given tamperings at the edges', () => {
    const edit = (position: number, change: (e: RecordedEvent) => RecordedEvent): RecordedEvent[] => {
      const copy = log.slice();
      copy[position - 1] = change(structuredClone(log[position - 1]));
      return copy;
    };
    const rechainFrom = (position: number): RecordedEvent[] => {
      const copy = log.slice();
      let prevHash = log[position - 1].prevHash;
      for (let p = position; p <= N; p++) {
        const e = p === position ? { ...log[p - 1], recordedAt: '2031-01-01T00:00:00.000Z' } : log[p - 1];
        const hash = p === position ? chainHash(prevHash, e) : chainHashFromBytes(prevHash, ctx.contentBytes[p - 1]);
        copy[p - 1] = { ...e, prevHash, hash };
        prevHash = hash;
      }
      return copy;
    };

    it('when the first row is deleted, then position 1 is named', () => {
      expect(verifyLog(log.slice(1), checkpoints, options)).toMatchObject({ ok: false, firstBadPosition: 1, checked: 1 });
    });

    it('when the last row is deleted, then position 10000 is named by the final checkpoint', () => {
      expect(verifyLog(log.slice(0, -1), checkpoints, options)).toMatchObject({ ok: false, firstBadPosition: N, provenThrough: 9000 });
    });

    it('when the hash of the last event is overwritten, then position 10000 is named', () => {
      expect(verifyLog(edit(N, (e) => ({ ...e, hash: GENESIS_HASH })), checkpoints, options)).toMatchObject({ firstBadPosition: N });
    });

    it('when the chain is recomputed from position 1, 1000 or 1001, then the checkpoint range that holds it is named', () => {
      expect(verifyLog(rechainFrom(1), checkpoints, options)).toMatchObject({ firstBadPosition: 1, suspectRange: { from: 1, to: 1000 } });
      expect(verifyLog(rechainFrom(1000), checkpoints, options)).toMatchObject({ firstBadPosition: 1, suspectRange: { from: 1, to: 1000 } });
      expect(verifyLog(rechainFrom(1001), checkpoints, options)).toMatchObject({ firstBadPosition: 1001, suspectRange: { from: 1001, to: 2000 } });
    });

    it('when a row is edited, then the events before it are counted as checked and it is the last one examined', () => {
      expect(verifyLog(edit(4321, (e) => ({ ...e, type: 'ClueClosed' })), checkpoints, options)).toMatchObject({
        ok: false,
        checked: 4321,
        firstBadPosition: 4321,
        provenThrough: 4000,
        checkpointsVerified: 4,
      });
    });
  });

  it('given sample data, when it is inspected, then it looks like the real log (several types, streams, departments)', () => {
    const types = new Set(log.map((e) => e.type));
    const streams = new Set(log.map((e) => e.streamId));
    expect(types.size).toBeGreaterThanOrEqual(5);
    expect(streams.size).toBeGreaterThan(500);
    expect(sampleEvents(3, { seed: SEED })).toEqual(log.slice(0, 3).map(({ prevHash: _p, hash: _h, ...rest }) => rest));
  });
});
