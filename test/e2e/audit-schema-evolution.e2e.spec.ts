import { verifyEventIndependently } from '@cluebus/audit';
import { clueStreamId, type RecordedEvent } from '@cluebus/contracts';
import { ApiClient, eventually } from '../support/api-client';
import { startStandalone, type RunningApp, type StoreKind } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';
import { AuditKeys } from '../../libs/service/src/audit/audit-keys';

/**
 * Schema evolution: FindingRecorded v2 adds `evidence`. An event stored at v1 stays as stored
 * (the hash chain and the Merkle leaf cover the stored bytes) and is read as v2 with
 * `evidence: []`; `raw` reads return it as stored; the log still verifies.
 */
describe.each<StoreKind>(['postgres', 'pglite'])('FindingRecorded v1 → v2 on %s', (kind) => {
  let running: RunningApp;
  let nhc: ApiClient;
  let samr: ApiClient;
  let investigator: ApiClient;
  let clueId: string;
  let v1: RecordedEvent;

  beforeAll(async () => {
    running = await startStandalone(kind, { CLUEBUS_CHECKPOINT_EVERY: '1000', CLUEBUS_CHECKPOINT_SECONDS: '1' });
    nhc = new ApiClient(running.baseUrl, 'dev-nhc');
    samr = nhc.as('dev-samr');
    investigator = nhc.as('dev-investigator');
    clueId = (await nhc.post('/v1/clues', kickbackClue())).body.clueId;
    const transferId = (await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr'], basis: BASIS })).body.transferId;
    await samr.post(`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`);
    await samr.post(`/v1/clues/${clueId}/investigation`, { basis: '《反不正当竞争法》第七条' });
  }, 60_000);

  afterAll(() => running?.close());

  it('given a FindingRecorded written at schema version 1 (no evidence), when it is read, then it is v2 with evidence [] and raw reads return it as stored', async () => {
    // Written the way a release before v2 wrote it.
    const [before] = (await running.store.readStream(clueStreamId(clueId))).slice(-1);
    const appended = await running.store.append(
      clueStreamId(clueId),
      [
        {
          eventId: crypto.randomUUID(),
          type: 'FindingRecorded',
          schemaVersion: 1,
          data: { clueId, by: 'samr:341300', result: 'substantiated', summary: '查实回扣 2 万元' },
          metadata: { ...before.metadata, department: 'samr:341300', actor: 'samr:341300', occurredAt: new Date().toISOString() },
        },
      ],
      { expectedVersion: before.streamPosition },
    );
    v1 = appended.events[0];

    const [read] = (await running.store.readStream(clueStreamId(clueId))).slice(-1);
    expect(read).toMatchObject({ eventId: v1.eventId, schemaVersion: 2, data: { result: 'substantiated', evidence: [] }, hash: v1.hash });
    const [raw] = (await running.store.readStream(clueStreamId(clueId), { raw: true })).slice(-1);
    expect(raw).toEqual(v1);
    expect(raw.schemaVersion).toBe(1);
    expect(raw.data).not.toHaveProperty('evidence');
    expect((await running.store.readAll({ after: v1.globalPosition - 1, maxCount: 1, raw: true }))[0]).toEqual(v1);
  });

  it('given the v1 finding, when the clue is read and carried on over HTTP, then every reader sees v2 and the aggregate decides on it', async () => {
    const history = (await nhc.get(`/v1/clues/${clueId}/history`)).body.events;
    expect(history.at(-1)).toMatchObject({ type: 'FindingRecorded', schemaVersion: 2, data: { evidence: [] } });
    expect((await nhc.get(`/v1/clues/${clueId}`)).body.tracks['samr:341300'].finding).toEqual({ result: 'substantiated', summary: '查实回扣 2 万元', evidence: [] });
    const disposed = await samr.post(`/v1/clues/${clueId}/dispositions`, { measures: [{ kind: 'administrative-penalty', detail: '罚款 20 万元' }] });
    expect(disposed.status).toBe(200);
  });

  it('given a finding recorded now with evidence, when it is stored, then it is written at v2 with the evidence', async () => {
    const other = (await nhc.post('/v1/clues', kickbackClue())).body.clueId;
    const transferId = (await nhc.post(`/v1/clues/${other}/transfers`, { to: ['samr'], basis: BASIS })).body.transferId;
    await samr.post(`/v1/clues/${other}/transfers/${transferId}/acknowledge`);
    await samr.post(`/v1/clues/${other}/investigation`, { basis: '《反不正当竞争法》第七条' });
    const evidence = [{ sha256: 'c'.repeat(64), name: '询问笔录.pdf', mediaType: 'application/pdf' }];
    expect((await samr.post(`/v1/clues/${other}/findings`, { result: 'partly-substantiated', summary: '部分属实', evidence })).status).toBe(200);
    const [raw] = (await running.store.readStream(clueStreamId(other), { raw: true })).slice(-1);
    expect(raw).toMatchObject({ type: 'FindingRecorded', schemaVersion: 2, data: { evidence } });
    const bad = await samr.post(`/v1/clues/${other}/findings`, { result: 'substantiated', summary: 'x', evidence: [{ sha256: 'nothex', name: 'a' }] });
    expect(bad.status).toBe(400);
  });

  it('given the log with the v1 event, when it is verified and the event proven, then the chain holds over the stored bytes, not the upcast view', async () => {
    await eventually(async () => (await investigator.get('/v1/audit/status')).body.uncheckpointed === 0, 15_000, 'checkpoint at the head');
    expect((await investigator.post('/v1/audit/verify')).body).toMatchObject({ ok: true, keySource: 'configured' });
    const proof = (await investigator.get(`/v1/audit/events/${v1.eventId}/proof`)).body;
    expect(proof.event).toEqual(v1);
    const pem = running.app.get(AuditKeys).signingKey!.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyEventIndependently(proof.event, proof.proof, proof.checkpoint, pem)).toEqual({ ok: true });
    const upcastView = { ...v1, schemaVersion: 2, data: { ...v1.data, evidence: [] } };
    expect(verifyEventIndependently(upcastView, proof.proof, proof.checkpoint, pem).ok).toBe(false);
  });
});
