// `@cluebus/service/exports`: the 台账 and blacklist sheet writers and their columns, for the
// CLI's `export` (the same files the HTTP exports serve). Narrow on purpose: no Nest, no HTTP.
export { type SheetColumn, writeSheetCsv } from '../ledger/exports/ledger-csv.writer';
export { writeSheetXlsx } from '../ledger/exports/ledger-xlsx.writer';
export { columnsFor, withoutText, type LedgerView } from '../ledger/exports/ledger-columns';
export { BLACKLIST_COLUMNS, exportRow } from '../blacklist/exports/blacklist-columns';
