import ExcelJS from 'exceljs';
import { type LedgerCell, type LedgerView, columnsFor } from './ledger-columns';
import type { SheetColumn } from './ledger-csv.writer';

/**
 * The 台账 as an Office Open XML workbook (exceljs): one sheet, the Chinese header row frozen
 * and filterable, one row per ledger row. Strings are written as strings (never formulas, so
 * no injection), numbers and booleans typed, null as an empty cell; instants stay ISO-8601 text
 * so the sheet reads back into the same rows as the JSON — with one exception: a line break in
 * free text is written as LF, Excel's own in-cell line break (a CR would not survive anyway: XML
 * readers turn CR LF into LF).
 */
export function writeLedgerXlsx(rows: readonly LedgerView[], metadataOnly: boolean, sheetName = '台账'): Promise<Buffer> {
  return writeSheetXlsx(columnsFor(metadataOnly), rows, sheetName);
}

/** The same for any rows (the 台账, the blacklist). */
export async function writeSheetXlsx<Row extends object>(columns: readonly SheetColumn[], rows: readonly Row[], sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'cluebus';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.field, width: Math.max(12, c.header.length * 2 + 2) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const values: Record<string, LedgerCell> = {};
    for (const c of columns) {
      const value = (row as Record<string, LedgerCell | undefined>)[c.field];
      if (value !== null && value !== undefined) values[c.field] = typeof value === 'string' ? asCellText(value) : value;
    }
    sheet.addRow(values);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** CR LF and lone CR become LF (see above). */
export const asCellText = (text: string): string => text.replace(/\r\n?/g, '\n');
