import { StreamableFile } from '@nestjs/common';
import type { LedgerView } from './ledger-columns';
import { writeLedgerCsv } from './ledger-csv.writer';
import { writeLedgerXlsx } from './ledger-xlsx.writer';

export const LEDGER_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type LedgerFormat = (typeof LEDGER_FORMATS)[number];

export const CONTENT_TYPES: Record<Exclude<LedgerFormat, 'json'>, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * `台账-<code>-<region>-<YYYY-MM-DD>.<ext>` (`all` for the lead unit's every-department view):
 * no colon, which Windows forbids in file names. The ASCII fallback `ledger-…` goes in
 * `filename`, the Chinese one in `filename*` (RFC 6266 / RFC 5987), which every current browser prefers.
 */
export function exportDisposition(who: string, chinaDate: string, format: Exclude<LedgerFormat, 'json'>): string {
  const stem = `${who.replace(/:/g, '-')}-${chinaDate}.${format}`;
  return `attachment; filename="ledger-${stem}"; filename*=UTF-8''${encodeURIComponent(`台账-${stem}`)}`;
}

/** The rows as a downloadable file of the asked format. */
export async function ledgerFile(format: Exclude<LedgerFormat, 'json'>, rows: readonly LedgerView[], metadataOnly: boolean, who: string, chinaDate: string): Promise<StreamableFile> {
  const body = format === 'csv' ? writeLedgerCsv(rows, metadataOnly) : await writeLedgerXlsx(rows, metadataOnly);
  return new StreamableFile(body, { type: CONTENT_TYPES[format], disposition: exportDisposition(who, chinaDate, format), length: body.length });
}
