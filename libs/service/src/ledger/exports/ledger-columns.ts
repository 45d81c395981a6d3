import type { TransferLedgerRow } from '@cluebus/projections';

export type LedgerField = keyof TransferLedgerRow;
export type LedgerCell = string | number | boolean | null;

/**
 * The columns of the 台账 exports, in order, with the Chinese header a clerk reads in Excel or
 * WPS. Values are written exactly as in the JSON rows (codes such as `pending`, ISO-8601 UTC
 * instants, true/false, empty for null), so an export can be read back into the same rows and
 * re-imported by another system; the header names the meaning.
 */
export const LEDGER_COLUMNS: ReadonlyArray<{ field: LedgerField; header: string }> = [
  { field: 'transferId', header: '移交编号' },
  { field: 'kind', header: '类型(transfer移交/forward转办)' },
  { field: 'clueId', header: '线索编号' },
  { field: 'category', header: '线索类别' },
  { field: 'sender', header: '移交单位' },
  { field: 'recipient', header: '接收单位' },
  { field: 'viaTransferId', header: '转办来源移交编号' },
  { field: 'basis', header: '移交依据' },
  { field: 'note', header: '备注' },
  { field: 'status', header: '状态' },
  { field: 'reason', header: '退回理由' },
  { field: 'transferredAt', header: '移交时间(UTC)' },
  { field: 'acknowledgeBy', header: '签收期限(UTC)' },
  { field: 'feedbackBy', header: '反馈期限(UTC)' },
  { field: 'acknowledgedAt', header: '签收时间(UTC)' },
  { field: 'rejectedAt', header: '退回时间(UTC)' },
  { field: 'answeredAt', header: '反馈时间(UTC)' },
  { field: 'overdue', header: '是否逾期' },
  { field: 'overdueRecorded', header: '曾记录逾期' },
  { field: 'supervisionLevel', header: '督办级别' },
  { field: 'extension', header: '延期状态' },
  { field: 'outcome', header: '查处结果' },
];

/** Free text another department wrote: withheld from the lead unit's all-department view (scope=all, metadata only). */
export const TEXT_FIELDS: ReadonlySet<LedgerField> = new Set<LedgerField>(['basis', 'note', 'reason']);

/** The rows as the caller may see them: without the free-text fields when metadata only. */
export type LedgerView = Partial<TransferLedgerRow>;

export function columnsFor(metadataOnly: boolean) {
  return metadataOnly ? LEDGER_COLUMNS.filter((c) => !TEXT_FIELDS.has(c.field)) : LEDGER_COLUMNS;
}

export function withoutText(row: TransferLedgerRow): LedgerView {
  const view: LedgerView = { ...row };
  for (const field of TEXT_FIELDS) delete view[field];
  return view;
}
