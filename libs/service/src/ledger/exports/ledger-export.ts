import { StreamableFile } from '@nestjs/common';
import type { LedgerView } from './ledger-columns';
import { columnsFor } from './ledger-columns';
import { type SheetColumn, writeSheetCsv } from './ledger-csv.writer';
import { writeSheetXlsx } from './ledger-xlsx.writer';

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
export function exportDisposition(who: string, chinaDate: string, format: Exclude<LedgerFormat, 'json'>, names: ExportNames = LEDGER_NAMES): string {
  const stem = `${who.replace(/:/g, '-')}-${chinaDate}.${format}`;
  return `attachment; filename="${names.ascii}-${stem}"; filename*=UTF-8''${encodeURIComponent(`${names.chinese}-${stem}`)}`;
}

/** The file name's stem in ASCII and in Chinese (also the sheet's name). */
export interface ExportNames {
  ascii: string;
  chinese: string;
}

const LEDGER_NAMES: ExportNames = { ascii: 'ledger', chinese: '台账' };

/** Any rows as a downloadable CSV or XLSX file (the blacklist's exports use the ledger's writers). */
export async function sheetFile<Row extends object>(format: Exclude<LedgerFormat, 'json'>, columns: readonly SheetColumn[], rows: readonly Row[], names: ExportNames, who: string, chinaDate: string): Promise<StreamableFile> {
  const body = format === 'csv' ? writeSheetCsv(columns, rows) : await writeSheetXlsx(columns, rows, names.chinese);
  return new StreamableFile(body, { type: CONTENT_TYPES[format], disposition: exportDisposition(who, chinaDate, format, names), length: body.length });
}

/** The rows as a downloadable file of the asked format. */
export function ledgerFile(format: Exclude<LedgerFormat, 'json'>, rows: readonly LedgerView[], metadataOnly: boolean, who: string, chinaDate: string): Promise<StreamableFile> {
  return sheetFile(format, columnsFor(metadataOnly), rows, LEDGER_NAMES, who, chinaDate);
}
