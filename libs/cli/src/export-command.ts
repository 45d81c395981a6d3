import { writeFileSync } from 'node:fs';
import { chinaDate } from '@cluebus/domain';
import { queryBlacklist, queryTransferLedger } from '@cluebus/projections';
import { BLACKLIST_COLUMNS, columnsFor, exportRow, type LedgerView, type SheetColumn, withoutText, writeSheetCsv, writeSheetXlsx } from '@cluebus/service/exports';
import { type CliArgs, oneOfFlag, onlyFlags, stringFlag, UsageError } from './cli-args';
import type { Output } from './output';
import type { Progress } from './progress';
import { openStore } from './store-access';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'jsonl'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_USAGE = `cluebus export ledger    --format csv|xlsx|jsonl [--out <file>] [--with-text]
cluebus export blacklist --format csv|xlsx|jsonl [--out <file>] [--as-of YYYY-MM-DD]

  ledger     the 台账 of every department (one row per transfer and recipient), read from the
             store's projection; metadata only (no basis, note, reason) unless --with-text
  blacklist  the sanctions in force on --as-of (default today, Asia/Shanghai); persons by ID token only
  The CSV and XLSX are the same files the HTTP exports serve (same writers, Chinese headers);
  jsonl is one JSON row per line. Without --out the file goes to stdout (xlsx needs --out on a terminal).`;

export async function runExportCommand(args: CliArgs, env: NodeJS.ProcessEnv, io: Output, progress: Progress): Promise<void> {
  const what = args.words[1];
  if ((what !== 'ledger' && what !== 'blacklist') || args.words.length > 2) throw new UsageError(`unknown export "${args.words.slice(1).join(' ')}"\n\n${EXPORT_USAGE}`);
  onlyFlags(args, what === 'ledger' ? ['format', 'out', 'with-text'] : ['format', 'out', 'as-of']);
  const format = oneOfFlag(args, 'format', EXPORT_FORMATS);
  const out = stringFlag(args, 'out');
  if (format === 'xlsx' && !out && process.stdout.isTTY) throw new UsageError('--format xlsx writes a binary file: pass --out <file> or redirect stdout');
  const asOf = stringFlag(args, 'as-of');
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be a day YYYY-MM-DD, got "${asOf}"`);
  const store = await openStore(env);
  try {
    progress.start(1, `export ${what}`);
    const { columns, rows, sheet } =
      what === 'ledger' ? await ledgerRows(store.sql, args.flags['with-text'] === true) : await blacklistRows(store.sql, asOf ?? chinaDate(new Date()));
    const body = await encode(format, columns, rows, sheet);
    progress.update(1);
    progress.stop();
    if (out) {
      writeFileSync(out, body);
      process.stderr.write(`${rows.length} row(s) written to ${out}\n`);
    } else io.write(body);
  } finally {
    progress.stop();
    await store.close();
  }
}

type Sql = Parameters<typeof queryTransferLedger>[0];

async function ledgerRows(sql: Sql, withText: boolean): Promise<{ columns: readonly SheetColumn[]; rows: object[]; sheet: string }> {
  const rows = await queryTransferLedger(sql, {}, new Date());
  return { columns: columnsFor(!withText), rows: withText ? rows : rows.map((r): LedgerView => withoutText(r)), sheet: '台账' };
}

async function blacklistRows(sql: Sql, asOf: string): Promise<{ columns: readonly SheetColumn[]; rows: object[]; sheet: string }> {
  const rows = await queryBlacklist(sql, { asOf });
  return { columns: BLACKLIST_COLUMNS, rows: rows.map(exportRow), sheet: '黑名单' };
}

/** jsonl keeps each row's own JSON values (lists as lists are joined only in the sheets' cells). */
async function encode(format: ExportFormat, columns: readonly SheetColumn[], rows: object[], sheet: string): Promise<Buffer> {
  if (format === 'csv') return writeSheetCsv(columns, rows);
  if (format === 'xlsx') return writeSheetXlsx(columns, rows, sheet);
  return Buffer.from(rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c.field, (r as Record<string, unknown>)[c.field] ?? null])))).map((l) => `${l}\n`).join(''), 'utf8');
}
