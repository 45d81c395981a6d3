import type { RecordedEvent } from '@cluebus/contracts';
import { PgliteSqlClient } from '@cluebus/eventstore';
import { IdempotentProjector } from '../consumer/idempotent-projector';
import { LedgerProjection, queryLedger } from './ledger.projection';

let position = 0;
const event = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  eventId: `00000000-0000-7000-8000-${String(++position).padStart(12, '0')}`,
  type,
  schemaVersion: 1,
  data,
  metadata: { department: 'nhc:341300', actor: 'x', occurredAt: '2026-01-01T00:00:00.000Z', causationId: 'c', correlationId: 'c' },
  streamId: 'clue-1',
  streamPosition: position - 1,
  globalPosition: position,
  recordedAt: '2026-01-01T00:00:00.000Z',
  prevHash: '',
  hash: '',
});

describe('LedgerProjection on PGlite', () => {
  let sql: PgliteSqlClient;
  let projector: IdempotentProjector;

  beforeEach(async () => {
    sql = await PgliteSqlClient.open();
    projector = new IdempotentProjector(sql, new LedgerProjection());
    await projector.init();
  });
  afterEach(() => sql.close());

  it('given a clue registered, transferred to two departments and answered, when projected, then each department has its counts', async () => {
    // given
    const events = [
      event('ClueRegistered', { registeredBy: 'nhc:341300' }),
      event('ClueTransferred', { from: 'nhc:341300', to: ['samr:341300', 'sta:341300'], transferId: 't1' }),
      event('TransferAcknowledged', { by: 'samr:341300', transferId: 't1' }),
      event('TransferRejected', { by: 'sta:341300', transferId: 't1', reason: 'r' }),
      event('ClueForwarded', { from: 'samr:341300', to: ['mps:341300'], transferId: 't2', viaTransferId: 't1' }),
      event('FeedbackSent', { by: 'samr:341300', to: 'nhc:341300', transferId: 't1' }),
    ];
    // when
    for (const e of events) await projector.handle(e);
    // then
    const rows = await queryLedger(sql);
    expect(rows.map((r) => r.department)).toEqual(['mps:341300', 'nhc:341300', 'samr:341300', 'sta:341300']);
    expect(rows.find((r) => r.department === 'nhc:341300')).toMatchObject({ cluesRegistered: 1, transfersSent: 1, transfersReceived: 0, lastEventPosition: 2 });
    expect(rows.find((r) => r.department === 'samr:341300')).toMatchObject({ transfersReceived: 1, acknowledged: 1, forwardsSent: 1, answered: 1, pending: 0 });
    expect(rows.find((r) => r.department === 'sta:341300')).toMatchObject({ transfersReceived: 1, rejected: 1, pending: 0 });
    expect(rows.find((r) => r.department === 'mps:341300')).toMatchObject({ transfersReceived: 1, pending: 1 });
  });

  it('given the same event delivered twice, when projected, then it counts once', async () => {
    const transfer = event('ClueTransferred', { from: 'nhc:341300', to: ['ccdi:341300'], transferId: 't9' });
    expect(await projector.handle(transfer)).toBe(true);
    expect(await projector.handle(transfer)).toBe(false);
    expect(await queryLedger(sql, { code: 'ccdi' })).toEqual([expect.objectContaining({ department: 'ccdi:341300', transfersReceived: 1 })]);
  });

  it('given a code or an instance, when queried, then only matching departments return', async () => {
    await projector.handle(event('ClueTransferred', { from: 'nhc:341300', to: ['samr:341300', 'samr:340100'], transferId: 't3' }));
    expect((await queryLedger(sql, { code: 'samr' })).map((r) => r.department)).toEqual(['samr:340100', 'samr:341300']);
    expect((await queryLedger(sql, { instance: 'samr:340100' })).map((r) => r.department)).toEqual(['samr:340100']);
    expect(await queryLedger(sql, { code: 'sam' })).toEqual([]);
  });
});
