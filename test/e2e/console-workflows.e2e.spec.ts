import type { Browser } from 'playwright-core';
import { CluebusClient } from '@cluebus/sdk';
import { AuditKeys } from '@cluebus/service/audit/audit-keys';
import { startStandalone, type RunningApp } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';
import { eventually } from '../support/api-client';
import { ensureConsoleBuilt, launchBrowser, openPage, screenshot, seriousAxeViolations, signIn, type WatchedPage } from '../support/console-browser';

const ENTERPRISE = { kind: 'enterprise', name: '某医药有限公司', uscc: '91330100716105852F' };

/** Acceptance 1 and 2 of #15: each user's path through the console in Debian's Chromium, headless. */
describe('web console in a real browser (standalone, PGlite)', () => {
  let running: RunningApp;
  let browser: Browser;
  let pinnedPem: string;
  const sdk = (key: string, actor: string) => new CluebusClient({ baseUrl: running.baseUrl, apiKey: key, actor });
  const opened: WatchedPage[] = [];
  const open = async () => {
    const p = await openPage(browser);
    opened.push(p);
    return p;
  };
  /** Every page a test visits: no serious or critical axe violation, then a screenshot kept under test-artifacts/. */
  const checkPage = async ({ page }: WatchedPage, name: string) => {
    expect({ name, violations: await seriousAxeViolations(page) }).toEqual({ name, violations: [] });
    await screenshot(page, name);
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    browser = await launchBrowser();
    running = await startStandalone('pglite', { CLUEBUS_CHECKPOINT_EVERY: '4', CLUEBUS_CHECKPOINT_SECONDS: '1' });
    // The investigator's trust anchor, taken from the process itself — not from the API under test.
    pinnedPem = running.app.get(AuditKeys).signingKey!.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }, 180_000);
  afterEach(() => {
    // no uncaught error and no console error on any page the test opened
    const errors = opened.flatMap((p) => p.errors);
    opened.length = 0;
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('given the built console, when /console is requested, then the page, its assets and the fallback come with their cache headers and the API stays JSON', async () => {
    const get = (path: string) => fetch(`${running.baseUrl}${path}`, { redirect: 'manual', headers: { accept: 'text/html,*/*' } });
    const bare = await get('/console');
    const page = await get('/console/');
    const html = await page.text();
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1];
    const [script, deep, missing, api] = await Promise.all([get(asset), get('/console/inbox/anything'), get('/console/assets/gone-1234.js'), fetch(`${running.baseUrl}/v1/inbox`, { headers: { authorization: 'Bearer dev-nhc' } })]);
    expect({
      bare: [bare.status, bare.headers.get('location')],
      page: [page.status, page.headers.get('cache-control'), page.headers.get('content-type')],
      script: [script.status, script.headers.get('cache-control')],
      deep: [deep.status, deep.headers.get('cache-control'), (await deep.text()) === html],
      missing: missing.status,
      api: [api.status, api.headers.get('content-type'), api.headers.get('etag')],
    }).toEqual({
      bare: [301, '/console/'],
      page: [200, 'no-cache', 'text/html; charset=utf-8'],
      script: [200, 'public, max-age=31536000, immutable'],
      deep: [200, 'no-cache', true],
      missing: 404,
      api: [200, 'application/json; charset=utf-8', null], // no ETag on API reads (http-edge.ts)
    });
  });

  let answeredClueId: string;

  it('given a transfer to samr, when the clerk signs in, acknowledges and answers it in the console, then the inbox shows it answered', async () => {
    const nhc = sdk('dev-nhc', '王科员');
    const { clueId } = await nhc.clues.register(kickbackClue() as never);
    const { transferId } = await nhc.clues.transfer(clueId, { to: ['samr'], basis: BASIS });
    answeredClueId = clueId;
    await eventually(async () => (await sdk('dev-samr', 'x').inbox.list()).items.some((i) => i.transferId === transferId), 15_000, 'samr inbox');

    const clerk = await open();
    await signIn(clerk.page, running.baseUrl, 'dev-samr', '赵科员');
    await clerk.page.waitForSelector(`[data-test=ack-${transferId}]`);
    await checkPage(clerk, 'clerk-inbox');
    await clerk.page.click(`[data-test=ack-${transferId}]`);
    await clerk.page.waitForSelector(`[data-test=answer-${transferId}]`);
    expect(await clerk.page.textContent(`[data-test=status-${transferId}]`)).toBe('已签收');

    await clerk.page.click(`[data-test=answer-${transferId}]`);
    await clerk.page.fill('[data-test=answer-basis]', '《反不正当竞争法》第七条');
    await clerk.page.fill('[data-test=answer-summary]', '经核查不属实');
    await checkPage(clerk, 'clerk-answer-dialog');
    await clerk.page.click('[data-test=answer-confirm]');
    await clerk.page.locator(`[data-test=status-${transferId}]`, { hasText: '已反馈' }).waitFor();
    const history = await nhc.clues.history(clueId);
    expect(history.events.map((e) => e.type)).toEqual(expect.arrayContaining(['TransferAcknowledged', 'FeedbackSent']));
    expect(history.events.find((e) => e.type === 'TransferAcknowledged')?.metadata.actor).toBe('赵科员');
  }, 120_000);

  it('given an open transfer to nhsa, when nhc issues a 督办 from its board, then it appears in the recipient inbox', async () => {
    const nhc = sdk('dev-nhc', '王科员');
    const { clueId } = await nhc.clues.register(kickbackClue({ category: 'fund-fraud', alsoConcerns: [] }) as never);
    const { transferId } = await nhc.clues.transfer(clueId, { to: ['nhsa'], basis: BASIS });
    await eventually(async () => (await nhc.ledger.get({ scope: 'all' })).rows.some((r) => r.transferId === transferId), 15_000, 'ledger row');

    const lead = await open();
    await signIn(lead.page, running.baseUrl, 'dev-nhc', '王处长');
    await lead.page.goto(`${running.baseUrl}/console/#/board`);
    await lead.page.waitForSelector(`[data-test=supervise-${transferId}]`);
    await lead.page.waitForSelector('.chart canvas');
    await checkPage(lead, 'nhc-board');
    await lead.page.click(`[data-test=supervise-${transferId}]`);
    await lead.page.fill('[data-test=supervise-note]', '请于三个工作日内签收并反馈进展');
    await lead.page.click('[data-test=supervise-confirm]');
    await eventually(async () => (await nhc.ledger.get({ scope: 'all' })).rows.find((r) => r.transferId === transferId)?.supervisionLevel === 1, 15_000, '督办 recorded');

    const recipient = await open();
    await signIn(recipient.page, running.baseUrl, 'dev-nhsa', '钱科员');
    await recipient.page.waitForSelector(`[data-test=ack-${transferId}]`);
    const row = recipient.page.locator('tr', { has: recipient.page.locator(`[data-test=ack-${transferId}]`) });
    await eventually(async () => ((await row.textContent()) ?? '').includes('督办'), 10_000, '督办 shown');
    await checkPage(recipient, 'nhsa-inbox-supervised');
  }, 120_000);

  it('given the answered clue, when the investigator moves asOf and checks an event proof in the browser, then it verifies and a tampered proof fails', async () => {
    const investigator = sdk('dev-investigator', '纪检调查组-刘');
    const events = (await investigator.clues.history(answeredClueId)).events;
    const head = events[events.length - 1].globalPosition;
    await eventually(async () => ((await investigator.audit.status()).latestCheckpoint?.treeSize ?? 0) >= head, 15_000, 'checkpoint covering the clue');

    const inv = await open();
    await signIn(inv.page, running.baseUrl, 'dev-investigator', '纪检调查组-刘');
    await inv.page.goto(`${running.baseUrl}/console/#/clue?id=${answeredClueId}`);
    await inv.page.waitForSelector('[data-test=lane-nhc]');
    await inv.page.waitForSelector('[data-test=lane-samr] [data-test=event-FeedbackSent]');
    await checkPage(inv, 'investigator-timeline');
    const latestAsOf = await inv.page.textContent('[data-test=asof-value]');
    // keyboard: the slider to its first event — the clue as it stood when registered, nothing of samr's yet
    await inv.page.focus('[data-test=asof] [role=slider]');
    await inv.page.keyboard.press('Home');
    await inv.page.locator('[data-test=event-FeedbackSent]').waitFor({ state: 'detached' });
    expect(await inv.page.textContent('[data-test=asof-value]')).not.toBe(latestAsOf);
    expect(await inv.page.locator('.event-card').count()).toBe(1);

    await inv.page.click(`[data-test=proof-${events[0].eventId}]`);
    await inv.page.waitForSelector('[data-test=latest-checkpoint]');
    await inv.page.fill('[data-test=pinned-key]', pinnedPem);
    await inv.page.click('[data-test=check-event]');
    await inv.page.waitForSelector('[data-test=verdict-ok]');
    await checkPage(inv, 'investigator-proof-ok');
    await inv.page.click('[data-test=check-tampered]');
    const failed = await inv.page.waitForSelector('[data-test=verdict-failed]');
    expect(await failed.textContent()).toContain('not included');
    await checkPage(inv, 'investigator-proof-tampered');
  }, 120_000);

  it('given a case opened over a clue then transferred, when the investigator opens the case timeline and moves asOf to its opening, then the later events leave the lanes, and an event of the case verifies in the browser', async () => {
    // given: nhc registers a clue and opens a case over it (一案多查); then transfers it to samr, which acknowledges
    const nhc = sdk('dev-nhc', '王科员');
    const samr = sdk('dev-samr', '赵调查员');
    const { clueId } = await nhc.clues.register(kickbackClue() as never);
    const opened = await nhc.cases.open({ title: '某医药公司回扣案', clueIds: [clueId], basis: BASIS } as never);
    const { transferId } = await nhc.clues.transfer(clueId, { to: ['samr'], basis: BASIS });
    await eventually(async () => (await samr.inbox.list()).items.some((i) => i.transferId === transferId), 15_000, 'samr inbox');
    await samr.clues.acknowledge(clueId, transferId!);
    const investigator = sdk('dev-investigator', '纪检调查组-刘');
    const timeline = await investigator.cases.timeline(opened.caseId);
    const caseOpened = timeline.events.find((e) => e.streamId.startsWith('case-'))!;
    const head = timeline.events[timeline.events.length - 1].position;
    await eventually(async () => ((await investigator.audit.status()).latestCheckpoint?.treeSize ?? 0) >= head, 15_000, 'checkpoint covering the case');

    // when
    const inv = await open();
    await signIn(inv.page, running.baseUrl, 'dev-investigator', '纪检调查组-刘');
    await inv.page.goto(`${running.baseUrl}/console/#/clue?case=${opened.caseId}`);
    await inv.page.waitForSelector('[data-test=lane-samr] [data-test=event-TransferAcknowledged]');
    expect(await inv.page.locator('.event-card').count()).toBe(timeline.events.length);
    await checkPage(inv, 'investigator-case-timeline');
    await inv.page.focus('[data-test=asof] [role=slider]');
    await inv.page.keyboard.press('Home');

    // then: as it stood when opened — the clue's registration and the opening, nothing of the transfer yet
    await inv.page.locator('[data-test=event-TransferAcknowledged]').waitFor({ state: 'detached' });
    expect(await inv.page.textContent('[data-test=asof-value]')).toBe(caseOpened.recordedAt);
    const before = timeline.events.filter((e) => e.position <= caseOpened.position).map((e) => e.type);
    expect(await inv.page.locator('.event-card strong').allTextContents()).toEqual(timeline.events.filter((e) => e.position <= caseOpened.position).map((e) => `${e.position} · ${e.type}`));
    expect(before).toContain(caseOpened.type);

    await inv.page.click(`[data-test=proof-${caseOpened.eventId}]`);
    await inv.page.waitForSelector('[data-test=latest-checkpoint]');
    await inv.page.fill('[data-test=pinned-key]', pinnedPem);
    await inv.page.click('[data-test=check-event]');
    await inv.page.waitForSelector('[data-test=verdict-ok]');
    await checkPage(inv, 'investigator-case-proof-ok');
  }, 120_000);

  it('given samr publishes a penalty on an enterprise, when the auditor searches its USCC, then the listing shows with its provenance', async () => {
    const nhc = sdk('dev-nhc', '王科员');
    const samr = sdk('dev-samr', '赵调查员');
    const { clueId } = await nhc.clues.register(kickbackClue() as never);
    const { transferId } = await nhc.clues.transfer(clueId, { to: ['samr'], basis: BASIS });
    await eventually(async () => (await samr.inbox.list()).items.some((i) => i.transferId === transferId), 15_000, 'samr inbox');
    await samr.clues.acknowledge(clueId, transferId!);
    await samr.clues.openInvestigation(clueId, { basis: '反不正当竞争法第七条' });
    const finding = await samr.clues.recordFinding(clueId, { result: 'substantiated', summary: '查实回扣 60 万元' });
    const legalBasis = '反不正当竞争法第七条、第十九条';
    await samr.sanctions.impose({ subject: ENTERPRISE, measure: 'administrative-penalty-publicity', legalBasis, findingEventIds: [finding.events[0].eventId], startsOn: '2026-12-01', endsOn: '2027-05-31' } as never);
    const auditorSdk = sdk('dev-auditor', '审计员');
    await eventually(async () => (await auditorSdk.blacklist.get({ uscc: ENTERPRISE.uscc })).listings.length > 0, 30_000, 'listed');

    const auditor = await open();
    await signIn(auditor.page, running.baseUrl, 'dev-auditor', '审计员-孙');
    await auditor.page.waitForSelector('[data-test=bl-uscc]');
    await auditor.page.fill('[data-test=bl-uscc]', ENTERPRISE.uscc);
    await auditor.page.click('[data-test=bl-search]');
    const provenance = await auditor.page.waitForSelector('[data-test=bl-provenance]');
    expect(await provenance.textContent()).toContain(legalBasis);
    expect(await auditor.page.textContent('[data-test=bl-listing]')).toContain(ENTERPRISE.name);
    await checkPage(auditor, 'auditor-blacklist');
  }, 120_000);
});
