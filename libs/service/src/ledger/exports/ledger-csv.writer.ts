import { type LedgerCell, type LedgerView, columnsFor } from './ledger-columns';

/** UTF-8 byte order mark: without it Excel (and older WPS) read a CSV as the local ANSI code page and the Chinese turns to mojibake. */
export const UTF8_BOM = '\uFEFF';

/**
 * A cell that begins like a formula (= + - @, or a tab / CR that Excel strips first) is run as
 * one when the CSV is opened (CSV injection); free text from another department must never be.
 * Such a cell gets a leading apostrophe, the spreadsheet convention for "text"; that is the one
 * place where a CSV cell differs from its JSON value.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: LedgerCell | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  // RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled.
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A column of an export: the row's field and the Chinese header a clerk reads. */
export interface SheetColumn {
  field: string;
  header: string;
}

/** RFC 4180 CSV: a BOM, the Chinese header row, one line per row, CRLF after every line. */
export function writeLedgerCsv(rows: readonly LedgerView[], metadataOnly: boolean): Buffer {
  return writeSheetCsv(columnsFor(metadataOnly), rows);
}

/** The same for any rows (the 台账, the blacklist): cells are the rows' values under `columns`. */
export function writeSheetCsv<Row extends object>(columns: readonly SheetColumn[], rows: readonly Row[]): Buffer {
  const cell = (row: Row, field: string) => (row as Record<string, LedgerCell | undefined>)[field];
  const lines = [columns.map((c) => csvCell(c.header)), ...rows.map((row) => columns.map((c) => csvCell(cell(row, c.field))))];
  return Buffer.from(UTF8_BOM + lines.map((cells) => cells.join(',') + '\r\n').join(''), 'utf8');
}
