import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { caseStreamId, type CaseEvent, type ClueEvent, type RecordedEvent } from '@cluebus/contracts';
import { verifyEventIndependently } from "../../libs/audit/src/independent-event-verifier";
import { foldCase, foldClue } from '@cluebus/domain';
import { contractUpcaster, type SqlClient } from '@cluebus/eventstore';
import { caseView } from '@cluebus/service/cases/get-case/case-view';
import { SQL_CLIENT } from '@cluebus/service/runtime/tokens';
import { CluebusRuntime } from '@cluebus/service/runtime/cluebus-runtime';
import { sampleEvents } from '../../libs/audit/test/sample-log';
import { ApiClient, eventually } from '../support/api-client';
import { startStandalone, type RunningApp } from '../support/standalone-app';

const EVENTS = 10_000;
const LEAD = 'nhc:341300';
const INVESTIGATOR = { role: 'investigator', instance: 'investigator', actor: 'investigator', keyFingerprint: 'test' } as const;

/**
 * Acceptance 2 of issue #14: a case of 10,000 events (the case stream and ~2,000 clue streams,
 * interleaved across departments) replayed over HTTP from PostgreSQL — complete and in log order;
 * `asOf` at random cut points equal to what folding the prefix gives; every proof checked by the
 * independent verifier against the published key.
 */
describe('case timeline (案件全过程回放) of a 10,000-event case over HTTP on postgres', () => {
  let running: RunningApp;
  let investigator: ApiClient;
  let caseId: string;
  let stored: RecordedEvent[];

  beforeAll(async () => {
    running = await startStandalone('postgres', { CLUEBUS_CHECKPOINT_EVERY: '1000', CLUEBUS_CHECKPOINT_SECONDS: '1' });
    investigator = new ApiClient(running.baseUrl, 'dev-investigator');
    caseId = randomUUID();
    const caseStream = caseStreamId(caseId);
    const meta = (department: string, legalBasis?: string) => ({
      department,
      actor: department,
      occurredAt: new Date().toISOString(),
      causationId: randomUUID(),
      correlationId: randomUUID(),
      ...(legalBasis ? { legalBasis } : {}),
    });
    // given: the sample clue log; the case opens over the first clue and each later clue is attached right after it is registered
    const clueEvents = sampleEvents(EVENTS - 1, { seed: 14 });
    const appends: Array<() => Promise<unknown>> = [];
    // The case-track processor appends TrackOpened to the case stream while this seeds it (a
    // clue of the case acknowledged): attachments expect the stream to exist, not a version.
    let caseOpened = false;
    let lastPlanned = 0;
    for (const e of clueEvents) {
      if (lastPlanned >= EVENTS) break;
      appends.push(() =>
        running.store.append(e.streamId, [{ eventId: randomUUID(), type: e.type, schemaVersion: 1, data: e.data, metadata: e.metadata }], {
          expectedVersion: e.streamPosition === 0 ? 'no-stream' : e.streamPosition - 1,
        }),
      );
      lastPlanned++;
      if (e.type === 'ClueRegistered' && lastPlanned < EVENTS) {
        const clueId = e.data.clueId as string;
        const opening = caseOpened === false;
        caseOpened = true;
        const event =
          opening
            ? { type: 'CaseOpened', data: { caseId, lead: LEAD, title: '某医药公司系列回扣案', basis: '《中华人民共和国药品管理法》第八十八条', clueIds: [clueId] } }
            : { type: 'ClueAttachedToCase', data: { caseId, clueId, by: LEAD } };
        appends.push(() => running.store.append(caseStream, [{ eventId: randomUUID(), schemaVersion: 1, ...event, metadata: meta(LEAD) }], { expectedVersion: opening ? 'no-stream' : 'stream-exists' }));
        lastPlanned++;
      }
    }
    // Appends in groups of 500 in submission order (group commit keeps it), so each stream's expected version holds.
    for (let i = 0; i < appends.length; i += 500) await Promise.all(appends.slice(i, i + 500).map((a) => a()));
    // The case-track processor adds tracks to the case: wait until it is at the head of a log
    // that is quiet and signed at its head. (It once asked the case for a track at every
    // engagement, each ask folding every clue of the case, and on this case never caught up.)
    const runtime = running.app.get(CluebusRuntime);
    const caseTracksAt = () => (runtime.status().find((p) => p.name === 'case-tracks')?.detail as { position?: number } | undefined)?.position;
    let head = -1;
    await eventually(
      async () => {
        const status = (await investigator.get('/v1/audit/status')).body;
        const quiet = status.headPosition === head && status.uncheckpointed === 0 && caseTracksAt() === head;
        head = status.headPosition;
        return quiet;
      },
      90_000,
      'the case-track processor at the head of a quiet log checkpointed at its head',
    ).catch((error: Error) => {
      throw new Error(`${error.message} (head ${head}, case-tracks at ${caseTracksAt()})`);
    });
    const sql: SqlClient = running.app.get(SQL_CLIENT);
    // The expectation is read by plain SQL, not through the store: every row of the case's streams.
    const { rows } = await sql.query<{ global_position: string; event_id: string; stream_id: string }>(
      `SELECT global_position, event_id, stream_id FROM cluebus_events
        WHERE stream_id = $1 OR stream_id IN (SELECT 'clue-' || (data->>'clueId') FROM cluebus_events WHERE stream_id = $1 AND data ? 'clueId'
                                              UNION SELECT 'clue-' || jsonb_array_elements_text(data->'clueIds') FROM cluebus_events WHERE stream_id = $1 AND data ? 'clueIds')
        ORDER BY global_position`,
      [caseStream],
    );
    stored = rows.map((r) => ({ globalPosition: Number(r.global_position), eventId: r.event_id, streamId: r.stream_id }) as RecordedEvent);
  }, 300_000);

  afterAll(() => running?.close(), 60_000);

  it('given the case, when an investigator replays it, then every event of the case and its clues is there once, in global order, with its envelope and chain hash', async () => {
    // when
    const res = await investigator.get(`/v1/cases/${caseId}/timeline`);
    // then
    expect(res.status).toBe(200);
    expect(stored.length).toBeGreaterThanOrEqual(EVENTS);
    const events = res.body.events as Array<Record<string, any>>;
    expect(events.map((e) => [e.position, e.eventId, e.streamId])).toEqual(stored.map((e) => [e.globalPosition, e.eventId, e.streamId]));
    for (let i = 1; i < events.length; i++) expect(events[i].position).toBeGreaterThan(events[i - 1].position);
    expect(events.every((e) => /^[0-9a-f]{64}$/.test(e.hash) && typeof e.department === 'string' && typeof e.causationId === 'string')).toBe(true);
    expect(events.filter((e) => e.type === 'ClueTransferred').every((e) => typeof e.legalBasis === 'string')).toBe(true);
    // ClueRegistered v1 held names in clear: shown withheld, never in clear
    expect(JSON.stringify(events)).not.toMatch(/先生|"name":"[张王李赵陈刘]某"/);
    expect(res.body).toMatchObject({ caseId, asOf: null, checkpoint: null });
  }, 60_000);

  it('given a checkpoint at the head, when replayed with proof=true, then every proof verifies with the independent verifier and the published key', async () => {
    // given
    const key = (await investigator.get('/v1/audit/public-key')).body.publicKeyPem as string;
    // when
    const res = await investigator.get(`/v1/cases/${caseId}/timeline?proof=true`);
    // then
    expect(res.status).toBe(200);
    const { checkpoint, events } = res.body as { checkpoint: any; events: Array<Record<string, any>> };
    expect(checkpoint.treeSize).toBeGreaterThanOrEqual(events[events.length - 1].position);
    const proven = events.filter((e) => e.proof);
    const withheld = events.filter((e) => !e.proof);
    expect(withheld.every((e) => e.proofWithheld === 'PERSONAL_DATA_IN_CLEAR' && e.type === 'ClueRegistered' && e.schemaVersion === 2)).toBe(true);
    expect(proven.length).toBe(events.length - withheld.length);
    expect(proven.length).toBeGreaterThan(EVENTS / 2);
    const failures = proven
      .map((e) => ({
        position: e.position,
        verdict: verifyEventIndependently(
          { streamId: e.streamId, streamPosition: e.streamPosition, globalPosition: e.position, eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata, recordedAt: e.recordedAt },
          e.proof,
          checkpoint,
          key,
        ),
      }))
      .filter((f) => !f.verdict.ok);
    expect(failures).toEqual([]);
    // and a changed event does not verify (the check can fail)
    const first = proven[0];
    const forged = { streamId: first.streamId, streamPosition: first.streamPosition, globalPosition: first.position, eventId: first.eventId, type: first.type, schemaVersion: first.schemaVersion, data: { ...first.data, forged: true }, metadata: first.metadata, recordedAt: first.recordedAt };
    expect(verifyEventIndependently(forged, first.proof, checkpoint, key).ok).toBe(false);
  }, 120_000);

  it('given random cut points, when the case and its timeline are read as of each, then they equal the prefix of the full timeline and the state folded from it', async () => {
    const full = (await investigator.get(`/v1/cases/${caseId}/timeline`)).body.events as Array<Record<string, any>>;
    // recordedAt never decreases along the log (one stamp per commit group, groups in order): a cut in time is a prefix
    for (let i = 1; i < full.length; i++) expect(Date.parse(full[i].recordedAt)).toBeGreaterThanOrEqual(Date.parse(full[i - 1].recordedAt));
    const raw = new Map((await running.store.readStreams!([...new Set(full.map((e) => e.streamId as string))], { raw: true })).map((e) => [e.eventId, e]));
    const upcaster = contractUpcaster();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: full.length - 1 }), async (k) => {
        const asOf = full[k].recordedAt as string;
        const prefix = full.filter((e) => Date.parse(e.recordedAt) <= Date.parse(asOf));
        const timeline = await investigator.get(`/v1/cases/${caseId}/timeline?asOf=${encodeURIComponent(asOf)}`);
        // Before the case was opened (its clues were registered first) there was no case to read.
        if (!prefix.some((e) => e.streamId === caseStreamId(caseId))) {
          const view = await investigator.get(`/v1/cases/${caseId}?asOf=${encodeURIComponent(asOf)}`);
          expect([timeline.status, timeline.body.code, view.status, view.body.code]).toEqual([404, 'CASE_NOT_FOUND', 404, 'CASE_NOT_FOUND']);
          return;
        }
        expect(timeline.status).toBe(200);

        // the state folded here from the prefix, as the case view shows it; the case as of then
        // holds the clues attached by then (a clue registered earlier but attached later is not yet in it)
        const events = prefix.map((e) => upcaster.upcast(raw.get(e.eventId)!));
        const caseEvents = events.filter((e) => e.streamId === caseStreamId(caseId));
        const state = foldCase(caseEvents.map((e) => ({ type: e.type, data: e.data }) as unknown as CaseEvent));
        const clueIds = new Set(state.clueIds);
        const ofTheCase = prefix.filter((e) => e.streamId === caseStreamId(caseId) || clueIds.has(String(e.streamId).replace(/^clue-/, '')));
        expect(timeline.body.events.map((e: any) => e.eventId)).toEqual(ofTheCase.map((e) => e.eventId));
        const clues = Object.fromEntries(
          [...clueIds].map((id) => [id, foldClue(events.filter((e) => e.streamId === `clue-${id}`).map((e) => ({ type: e.type, data: e.data }) as unknown as ClueEvent))]),
        );
        const existing = Object.fromEntries(Object.entries(clues).filter(([, c]) => c.exists));
        const view = await investigator.get(`/v1/cases/${caseId}?asOf=${encodeURIComponent(asOf)}`);
        expect(view.status).toBe(200);
        expect(view.body).toEqual(JSON.parse(JSON.stringify(caseView(state, existing, INVESTIGATOR, caseEvents.length - 1))));
      }),
      // k = 0, the first event of all: before the opening when a clue was registered first; always tried
      { numRuns: 12, examples: [[0]] },
    );
  }, 240_000);
});
