import { verifyEventIndependently, type PortableCheckpoint, type PortableEvent, type PortableInclusionProof } from '@cluebus/audit';
import { verifyCheckpointConsistency } from '@cluebus/audit';
import { SqlEventStore } from '@cluebus/eventstore';
import { ApiClient, eventually } from '../support/api-client';
import { startStandalone, type RunningApp, type StoreKind } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';
import { AuditKeys } from '../../libs/service/src/audit/audit-keys';
import { asTableOwner } from '../fixtures/as-table-owner';

/**
 * The investigator's view over HTTP: /v1/audit (checkpoints, public key, proofs, consistency,
 * verify), read access to every clue with the whistleblower withheld, every read logged — and
 * the outside check of a proof with verifyEventIndependently, which imports nothing of ours.
 */
describe.each<StoreKind>(['postgres', 'pglite'])('the audit API on %s', (kind) => {
  let running: RunningApp;
  let nhc: ApiClient;
  let samr: ApiClient;
  let investigator: ApiClient;
  /** The trust anchor, taken from the running process itself — not from the API under test. */
  let pinnedKeyId: string;
  let pinnedPem: string;
  let clueId: string;
  let anonymousClueId: string;

  beforeAll(async () => {
    running = await startStandalone(kind, { CLUEBUS_CHECKPOINT_EVERY: '4', CLUEBUS_CHECKPOINT_SECONDS: '1' });
    nhc = new ApiClient(running.baseUrl, 'dev-nhc', '王科员');
    samr = nhc.as('dev-samr', '赵调查员');
    investigator = nhc.as('dev-investigator', '纪检调查组-刘');
    const own = running.app.get(AuditKeys).signingKey!;
    pinnedKeyId = own.keyId;
    pinnedPem = own.publicKey.export({ type: 'spki', format: 'pem' }).toString();

    clueId = (await nhc.post('/v1/clues', kickbackClue())).body.clueId;
    const transferId = (await nhc.post(`/v1/clues/${clueId}/transfers`, { to: ['samr'], basis: BASIS })).body.transferId;
    for (const [path, body] of [
      [`/v1/clues/${clueId}/transfers/${transferId}/acknowledge`, {}],
      [`/v1/clues/${clueId}/investigation`, { basis: '《反不正当竞争法》第七条' }],
      [`/v1/clues/${clueId}/findings`, { result: 'substantiated', summary: '查实回扣 2 万元' }],
    ] as const) {
      expect((await samr.post(path, body)).status).toBe(200);
    }
    anonymousClueId = (await nhc.post('/v1/clues', kickbackClue({ reporter: { anonymous: true } }))).body.clueId;
    // Every event is covered once the checkpointer has signed at the head (by count or after 1 s).
    await eventually(async () => (await investigator.get('/v1/audit/status')).body.uncheckpointed === 0, 15_000, 'checkpoint at the head');
  }, 90_000);

  afterAll(() => running?.close());

  it('given department keys, when they call any audit endpoint, then each is refused with 403', async () => {
    for (const path of ['/v1/audit/checkpoints/latest', '/v1/audit/checkpoints/4', '/v1/audit/public-key', `/v1/audit/events/${clueId}/proof`, '/v1/audit/consistency?from=4&to=8', '/v1/audit/status']) {
      const res = await nhc.get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
    expect((await samr.post('/v1/audit/verify')).status).toBe(403);
  });

  it('given the investigator key, when it reads any clue, then it sees state and history with the whistleblower withheld, and cannot write', async () => {
    const clue = await investigator.get(`/v1/clues/${clueId}`);
    expect(clue.status).toBe(200);
    expect(clue.body.registeredBy).toBe('nhc:341300');
    expect(clue.body.reporter).toBeUndefined();
    const history = await investigator.get(`/v1/clues/${clueId}/history`);
    expect(history.body.events.map((e: any) => e.type)).toEqual(['ClueRegistered', 'ClueTransferred', 'TransferAcknowledged', 'InvestigationOpened', 'FindingRecorded']);
    expect(history.body.events[0].data).toMatchObject({ reporterWithheld: true });
    expect(history.body.events[0].data.reporter).toBeUndefined();
    expect(JSON.stringify(history.body)).not.toContain('李某');
    // The registrar still sees the whistleblower.
    expect((await nhc.get(`/v1/clues/${clueId}/history`)).body.events[0].data.reporter).toMatchObject({ name: '李某' });
    expect((await investigator.post('/v1/clues', kickbackClue())).status).toBe(403);
    expect((await investigator.post(`/v1/clues/${clueId}/findings`, { result: 'unsubstantiated', summary: 'x' })).status).toBe(403);
    expect((await investigator.get('/v1/inbox')).status).toBe(403);
    expect((await investigator.get(`/v1/clues/${clueId}/routing`)).status).toBe(403);
  });

  it('given the public key endpoint, when the investigator reads it, then it publishes the pinned signing key', async () => {
    const res = await investigator.get('/v1/audit/public-key');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ keyId: pinnedKeyId, algorithm: 'ed25519', publicKeyPem: pinnedPem, pinned: true });
    expect(res.body.keys.map((k: any) => k.keyId)).toEqual([pinnedKeyId]);
  });

  it('given the events of a clue, when each proof is fetched over HTTP, then the independent verifier accepts it with the pinned key alone', async () => {
    const history = (await investigator.get(`/v1/clues/${clueId}/history`)).body.events;
    for (const e of history.slice(1)) {
      const res = await investigator.get(`/v1/audit/events/${e.eventId}/proof`);
      expect(res.status).toBe(200);
      const { event, proof, checkpoint } = res.body as { event: PortableEvent; proof: PortableInclusionProof; checkpoint: PortableCheckpoint };
      expect(checkpoint.keyId).toBe(pinnedKeyId);
      expect(verifyEventIndependently(event, proof, checkpoint, pinnedPem)).toEqual({ ok: true });
    }
  });

  it('given a proof fetched over HTTP, when any part of the copy is tampered with, then the independent verifier rejects it', async () => {
    const history = (await investigator.get(`/v1/clues/${clueId}/history`)).body.events;
    const finding = history.find((e: any) => e.type === 'FindingRecorded');
    const { event, proof, checkpoint } = (await investigator.get(`/v1/audit/events/${finding.eventId}/proof`)).body;
    const copy = () => structuredClone({ event, proof, checkpoint }) as { event: PortableEvent; proof: PortableInclusionProof; checkpoint: PortableCheckpoint };
    const tamperings: Array<[string, (c: ReturnType<typeof copy>) => void]> = [
      ['finding result changed', (c) => ((c.event.data as any).result = 'unsubstantiated')],
      ['summary edited', (c) => ((c.event.data as any).summary = '查实回扣 20 万元')],
      ['actor changed', (c) => ((c.event.metadata as any).actor = '别人')],
      ['recordedAt moved', (c) => (c.event.recordedAt = new Date(Date.parse(c.event.recordedAt) + 1).toISOString())],
      ['position moved', (c) => (c.event.globalPosition += 1)],
      ['audit path bit flipped', (c) => (c.proof.auditPath[0] = (c.proof.auditPath[0][0] === '0' ? '1' : '0') + c.proof.auditPath[0].slice(1))],
      ['audit path truncated', (c) => c.proof.auditPath.pop()],
      ['leaf index changed', (c) => (c.proof.leafIndex += 1)],
      ['root replaced', (c) => (c.checkpoint.rootHash = 'ab'.repeat(32))],
      ['tree size changed', (c) => ((c.checkpoint.treeSize += 1), (c.proof.treeSize += 1))],
      ['signature of another message', (c) => (c.checkpoint.issuedAt = new Date(0).toISOString())],
    ];
    expect(verifyEventIndependently(copy().event, copy().proof, copy().checkpoint, pinnedPem)).toEqual({ ok: true });
    for (const [what, change] of tamperings) {
      const c = copy();
      change(c);
      expect({ what, ok: verifyEventIndependently(c.event, c.proof, c.checkpoint, pinnedPem).ok }).toEqual({ what, ok: false });
    }
  });

  it('given a ClueRegistered v2 naming its whistleblower, when its proof is asked for, then it is proven: the leaf covers the sealed commitment, not the identity (ADR 0010)', async () => {
    const named = (await nhc.get(`/v1/clues/${clueId}/history`)).body.events[0];
    const res = await investigator.get(`/v1/audit/events/${named.eventId}/proof`);
    expect(res.status).toBe(200);
    expect(res.body.event.schemaVersion).toBe(2);
    expect(res.body.event.data.reporter.personalData.commitments.name).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(res.body)).not.toMatch(/李某|138\*\*\*\*0000|张某|11010519491231002X/);
    expect(verifyEventIndependently(res.body.event, res.body.proof, res.body.checkpoint, pinnedPem)).toEqual({ ok: true });
    const anonymous = (await nhc.get(`/v1/clues/${anonymousClueId}/history`)).body.events[0];
    const anon = await investigator.get(`/v1/audit/events/${anonymous.eventId}/proof`);
    expect(anon.status).toBe(200);
    expect(verifyEventIndependently(anon.body.event, anon.body.proof, anon.body.checkpoint, pinnedPem)).toEqual({ ok: true });
  });

  it('given a ClueRegistered v1 holding its whistleblower in clear (as an older release stored it), when its proof is asked for, then REPORTER_PROTECTED; read through the API the identity is withheld', async () => {
    const v1ClueId = crypto.randomUUID();
    const [appended] = (
      await running.store.append(
        `clue-${v1ClueId}`,
        [
          {
            eventId: crypto.randomUUID(),
            type: 'ClueRegistered',
            schemaVersion: 1,
            data: { ...kickbackClue(), subjects: [{ kind: 'person', name: '王某某', role: 'suspect' }], clueId: v1ClueId, registeredBy: 'nhc:341300', alsoConcerns: [], reporter: { anonymous: false, name: '赵某某', contact: '139' } },
            metadata: { department: 'nhc:341300', actor: 'nhc:341300', occurredAt: new Date().toISOString(), causationId: crypto.randomUUID(), correlationId: crypto.randomUUID() },
          },
        ],
        { expectedVersion: 'no-stream' },
      )
    ).events;
    await eventually(async () => (await investigator.get('/v1/audit/status')).body.uncheckpointed === 0, 15_000, 'checkpoint at the head');
    const refused = await investigator.get(`/v1/audit/events/${appended.eventId}/proof`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'REPORTER_PROTECTED', field: 'eventId' });
    const seen = await nhc.get(`/v1/clues/${v1ClueId}/history`);
    expect(seen.status).toBe(200);
    expect(seen.body.events[0].data.reporter).toEqual({ anonymous: false });
    expect(JSON.stringify(seen.body)).not.toMatch(/王某某|赵某某/);
  });

  it('given two checkpoints, when the consistency proof is fetched, then the newer one extends the older; bad requests name their field', async () => {
    const latest = (await investigator.get('/v1/audit/checkpoints/latest')).body;
    expect(latest.treeSize).toBe((await investigator.get('/v1/audit/status')).body.headPosition);
    expect(latest.treeSize).toBeGreaterThan(4);
    const first = await investigator.get('/v1/audit/checkpoints/4');
    expect(first.status).toBe(200);
    const res = await investigator.get(`/v1/audit/consistency?from=4&to=${latest.treeSize}`);
    expect(res.status).toBe(200);
    expect(verifyCheckpointConsistency(res.body.from, res.body.to, res.body.proof, pinnedPem)).toEqual({ ok: true });
    expect(verifyCheckpointConsistency(res.body.from, res.body.to, res.body.proof.slice(1), pinnedPem).ok).toBe(false);

    expect((await investigator.get('/v1/audit/checkpoints/3')).body).toMatchObject({ code: 'CHECKPOINT_NOT_FOUND' });
    expect((await investigator.get('/v1/audit/checkpoints/abc')).body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'size' });
    expect((await investigator.get('/v1/audit/consistency?from=8')).body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'to' });
    expect((await investigator.get(`/v1/audit/consistency?from=${latest.treeSize}&to=4`)).body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
    expect((await investigator.get('/v1/audit/events/not-a-uuid/proof')).body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'eventId' });
    expect((await investigator.get(`/v1/audit/events/${crypto.randomUUID()}/proof`)).body).toMatchObject({ code: 'EVENT_NOT_FOUND' });
  });

  it('given the untouched log, when the investigator asks to verify it, then it is clean with configured keys', async () => {
    const res = await investigator.post('/v1/audit/verify');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, keySource: 'configured', trustedKeyIds: [pinnedKeyId] });
    expect(res.body.checked).toBe(res.body.headPosition);
    expect(res.body.checkpointsVerified).toBeGreaterThanOrEqual(2);
  });

  it('given the investigator reads so far, when the access log is read, then each read is recorded and the log refuses changes', async () => {
    const sql = (running.store as SqlEventStore).sql;
    const { rows } = await sql.query<{ role: string; actor: string; method: string; route: string; target: Record<string, string> }>(
      `SELECT role, actor, method, route, target FROM cluebus_access_log ORDER BY id`,
    );
    expect(rows.every((r) => r.role === 'investigator' && r.actor === '纪检调查组-刘')).toBe(true);
    const routes = new Set(rows.map((r) => `${r.method} ${r.route}`));
    for (const route of ['GET /v1/clues/:id', 'GET /v1/clues/:id/history', 'GET /v1/audit/public-key', 'GET /v1/audit/events/:eventId/proof', 'GET /v1/audit/consistency', 'POST /v1/audit/verify', 'GET /v1/audit/status']) {
      expect(routes).toContain(route);
    }
    expect(rows.find((r) => r.route === '/v1/clues/:id')?.target).toEqual({ id: clueId });
    // Department reads are not audited reads; refused investigator writes never reached a handler.
    expect(rows.some((r) => r.method === 'POST' && r.route.startsWith('/v1/clues'))).toBe(false);
    await expect(sql.query(`DELETE FROM cluebus_access_log`)).rejects.toThrow(/append-only/);
    await expect(sql.query(`UPDATE cluebus_access_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
  });

  it('given a stored event altered in the database, when the investigator verifies, then the result names its position', async () => {
    const sql = (running.store as SqlEventStore).sql;
    const history = (await nhc.get(`/v1/clues/${clueId}/history`)).body.events;
    const finding = history.find((e: any) => e.type === 'FindingRecorded');
    await asTableOwner(sql, (tx) => tx.query(`UPDATE cluebus_events SET data = jsonb_set(data, '{result}', '"unsubstantiated"') WHERE event_id = $1`, [finding.eventId]));
    const res = await investigator.post('/v1/audit/verify');
    expect(res.body).toMatchObject({ ok: false, firstBadPosition: finding.globalPosition });
    expect(res.body.reason).toMatch(/does not match its content/);
    const proof = await investigator.get(`/v1/audit/events/${finding.eventId}/proof`);
    expect(proof.status).toBe(500);
    expect(proof.body.code).toBe('INTEGRITY_FAILURE');
  });
});
