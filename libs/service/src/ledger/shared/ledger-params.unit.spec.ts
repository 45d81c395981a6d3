import type { BadRequestException } from '@nestjs/common';
import { parseLedgerParams, parsePeriod } from './ledger-params';

const refusal = (raw: Record<string, unknown>) => {
  try {
    parseLedgerParams(raw);
  } catch (error) {
    return { status: (error as BadRequestException).getStatus(), ...((error as BadRequestException).getResponse() as object) };
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
};

describe('台账 query parameters', () => {
  it('given none, then own scope, both directions, JSON, no period', () => {
    expect(parseLedgerParams({})).toEqual({ scope: 'own', format: 'json', period: {} });
  });

  it('given every parameter, then each parsed; the period is China dates, `to` included', () => {
    expect(parseLedgerParams({ direction: 'sent', status: 'pending', category: 'kickback', overdue: 'true', format: 'xlsx', from: '2026-10-01', to: '2026-12-31' })).toEqual({
      scope: 'own',
      direction: 'sent',
      status: 'pending',
      category: 'kickback',
      overdue: true,
      format: 'xlsx',
      period: { from: '2026-10-01', to: '2026-12-31', fromInstant: new Date('2026-09-30T16:00:00Z'), toInstant: new Date('2026-12-31T16:00:00Z') },
    });
  });

  it.each([
    [{ direction: 'both' }, 'direction'],
    [{ status: 'done' }, 'status'],
    [{ category: 'murder' }, 'category'],
    [{ overdue: 'yes' }, 'overdue'],
    [{ format: 'pdf' }, 'format'],
    [{ scope: 'everything' }, 'scope'],
    [{ from: '2026-13-01' }, 'from'],
    [{ from: '2026-02-30' }, 'from'],
    [{ to: 'yesterday' }, 'to'],
    [{ from: '2026-12-01', to: '2026-11-01' }, 'to'],
    [{ status: ['pending', 'answered'] }, 'status'],
    [{ scope: 'all', direction: 'sent' }, 'direction'],
  ])('given %j, then 400 VALIDATION_FAILED naming %s', (raw, field) => {
    expect(refusal(raw)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field });
  });

  it('given only the period (statistics), then the same date rules', () => {
    expect(parsePeriod({ from: '2026-07-01', to: '2026-09-30' })).toMatchObject({ from: '2026-07-01', to: '2026-09-30' });
    expect(() => parsePeriod({ to: '2026-9-30' })).toThrow();
  });
});
