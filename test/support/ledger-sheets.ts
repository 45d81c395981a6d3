import ExcelJS from 'exceljs';
import { LEDGER_COLUMNS } from '@cluebus/service/ledger/exports/ledger-columns';

/**
 * Reading the 台账 exports back, as a spreadsheet would, to compare them with the JSON rows:
 * an RFC 4180 CSV parser written from the RFC (not the writer's code), and exceljs for XLSX.
 */

/** RFC 4180: fields split by commas, records by CRLF; quoted fields may hold commas, CR, LF and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`bare line break at ${i}: records must end with CRLF`);
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length > 0) throw new Error('last record does not end with CRLF');
  return records;
}

const BOOLEAN_FIELDS = new Set(['overdue', 'overdueRecorded']);
const NUMBER_FIELDS = new Set(['supervisionLevel']);

/** Header row → fields by the documented column headers; '' → null; booleans and numbers typed. */
function typedRows(header: string[], records: Array<Array<string | number | boolean | null>>): Array<Record<string, unknown>> {
  const fields = header.map((h) => {
    const column = LEDGER_COLUMNS.find((c) => c.header === h);
    if (!column) throw new Error(`unknown column header ${JSON.stringify(h)}`);
    return column.field;
  });
  return records.map((cells) =>
    Object.fromEntries(
      fields.map((field, i) => {
        const cell = cells[i] ?? null;
        if (cell === null || cell === '') return [field, null];
        if (BOOLEAN_FIELDS.has(field) && typeof cell === 'string') return [field, cell === 'true' ? true : cell === 'false' ? false : cell];
        if (NUMBER_FIELDS.has(field) && typeof cell === 'string') return [field, Number(cell)];
        return [field, cell];
      }),
    ),
  );
}

export function ledgerRowsFromCsv(body: Buffer): { bom: boolean; header: string[]; rows: Array<Record<string, unknown>> } {
  const bom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
  const [header, ...records] = parseCsv(body.subarray(bom ? 3 : 0).toString('utf8'));
  return { bom, header, rows: typedRows(header, records) };
}

export async function ledgerRowsFromXlsx(body: Buffer): Promise<{ sheet: string; header: string[]; rows: Array<Record<string, unknown>> }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as any);
  const sheet = workbook.worksheets[0];
  const width = sheet.getRow(1).cellCount;
  const read = (n: number) => Array.from({ length: width }, (_, i) => sheet.getRow(n).getCell(i + 1).value as string | number | boolean | null);
  const header = read(1).map(String);
  const records = Array.from({ length: sheet.rowCount - 1 }, (_, i) => read(i + 2));
  return { sheet: sheet.name, header, rows: typedRows(header, records) };
}
