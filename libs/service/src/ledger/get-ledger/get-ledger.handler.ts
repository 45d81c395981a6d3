import type { LedgerDto } from '@cluebus/contracts';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { TransferLedgerFilter } from '@cluebus/projections';
import { type LedgerView, withoutText } from '../exports/ledger-columns';
import { requireLeadUnit } from '../shared/lead-unit';
import { TransferLedgerReader } from '../shared/transfer-ledger-reader';
import { GetLedgerQuery } from './get-ledger.query';

export interface LedgerResult {
  /** Whose ledger: the caller's instance, or `all` (lead unit, scope=all). */
  department: string;
  scope: 'own' | 'all';
  direction: 'sent' | 'received' | 'both';
  from: string | null;
  to: string | null;
  /** The instant `overdue` was judged at. */
  generatedAt: string;
  /** scope=all: the free-text fields (basis, note, reason) are left out. */
  metadataOnly: boolean;
  rows: LedgerView[];
}

@QueryHandler(GetLedgerQuery)
export class GetLedgerHandler implements IQueryHandler<GetLedgerQuery> {
  constructor(private readonly ledger: TransferLedgerReader) {}

  async execute({ principal, params }: GetLedgerQuery): Promise<LedgerDto> {
    // An auditor reads every department's ledger, metadata only, as the lead unit's scope=all (and writes nothing).
    const auditor = principal.role === 'auditor';
    const all = auditor || params.scope === 'all';
    if (all && !auditor) requireLeadUnit(principal, 'scope');
    const me = principal.instance;
    const filter: TransferLedgerFilter = {
      ...(all ? {} : params.direction === 'sent' ? { sender: me } : params.direction === 'received' ? { recipient: me } : { party: me }),
      ...(params.status ? { status: params.status } : {}),
      ...(params.category ? { category: params.category } : {}),
      ...(params.period.fromInstant ? { from: params.period.fromInstant } : {}),
      ...(params.period.toInstant ? { to: params.period.toInstant } : {}),
    };
    const now = this.ledger.now();
    const rows = (await this.ledger.rows(filter)).filter((r) => params.overdue === undefined || r.overdue === params.overdue);
    return {
      department: all ? 'all' : me,
      scope: all ? 'all' : params.scope,
      direction: all ? 'both' : (params.direction ?? 'both'),
      from: params.period.from ?? null,
      to: params.period.to ?? null,
      generatedAt: now.toISOString(),
      metadataOnly: all,
      rows: all ? rows.map(withoutText) : rows,
    };
  }
}
