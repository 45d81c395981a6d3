import { CluebusApiError, CluebusClient } from '@cluebus/sdk';
import { startStandalone, type RunningApp } from '../support/standalone-app';
import { BASIS, kickbackClue } from '../fixtures/clues';
import { eventually } from '../support/api-client';

describe('SDK against the standalone service', () => {
  let running: RunningApp;
  beforeAll(async () => void (running = await startStandalone('pglite')), 60_000);
  afterAll(() => running?.close());

  it('given department clients, when a clue goes from nhc to sta and back with feedback, then each call is typed and idempotent', async () => {
    const nhc = new CluebusClient({ baseUrl: running.baseUrl, apiKey: 'dev-nhc', actor: '王科员' });
    const sta = new CluebusClient({ baseUrl: running.baseUrl, apiKey: 'dev-sta' });

    const { clueId } = await nhc.clues.register(kickbackClue({ category: 'false-invoice', alsoConcerns: [] }) as never, { idempotencyKey: 'erp-4711' });
    const again = await nhc.clues.register(kickbackClue({ category: 'false-invoice', alsoConcerns: [] }) as never, { idempotencyKey: 'erp-4711' });
    expect(again).toMatchObject({ clueId, replayed: true });

    const { transferId } = await nhc.clues.transfer(clueId, { to: ['sta', 'samr'], basis: BASIS });
    await eventually(async () => (await sta.inbox.list({ status: 'pending' })).items.some((i) => i.transferId === transferId), 10_000, 'sta inbox');
    await sta.clues.acknowledge(clueId, transferId!);
    await sta.clues.openInvestigation(clueId, { basis: '《税收征收管理法》' });
    await sta.clues.recordFinding(clueId, { result: 'unsubstantiated', summary: '发票真实' });
    await sta.clues.sendFeedback(clueId, { summary: '经核查不属实' });

    const history = await nhc.clues.history(clueId);
    expect(history.events.map((e) => e.type)).toEqual([
      'ClueRegistered', 'ClueTransferred', 'TransferAcknowledged', 'InvestigationOpened', 'FindingRecorded', 'FeedbackSent',
    ]);

    const refused = await sta.clues.sendFeedback(clueId, { summary: '再次反馈' }).catch((e) => e);
    expect(refused).toBeInstanceOf(CluebusApiError);
    expect(refused).toMatchObject({ status: 409, code: 'FEEDBACK_ALREADY_SENT', field: 'transferId', title: '已反馈', detail: '已反馈（字段：transferId）' });
  });

  it('given commands were handled, when /metrics is scraped, then Prometheus text counts them by type and outcome', async () => {
    const res = await fetch(`${running.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^cluebus_commands_total\{command="RegisterClue",outcome="ok"\} [1-9]/m);
    expect(text).toMatch(/^cluebus_commands_total\{command="SendFeedback",outcome="FEEDBACK_ALREADY_SENT"\} 1$/m);
    expect(text).toMatch(/^cluebus_store_head_position [1-9]/m);
    // standalone runs the relay (singleton, alone so active) and six inbox consumers
    expect(text).toMatch(/^cluebus_processor_active\{processor="relay"\} 1$/m);
    expect(text).toMatch(/^cluebus_relay_lag_events \d+$/m);
    expect(text).toMatch(/^cluebus_consumer_messages\{group="cluebus-inbox-sta",outcome="applied"\} [1-9]/m);
    expect(text).toMatch(/^cluebus_consumer_lag_messages\{group="cluebus-inbox-samr",topic="cluebus.dept.samr"\} 0$/m);
  });
});
