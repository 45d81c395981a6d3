import type { TransferLedgerRow } from '@cluebus/projections';
import { ledgerRowsFromCsv, ledgerRowsFromXlsx, parseCsv } from '../../../../../test/support/ledger-sheets';
import { columnsFor, LEDGER_COLUMNS, withoutText } from './ledger-columns';
import { csvCell, writeLedgerCsv } from './ledger-csv.writer';
import { exportDisposition } from './ledger-export';
import { writeLedgerXlsx } from './ledger-xlsx.writer';

const row: TransferLedgerRow = {
  transferId: '01937a8e-5c2b-7b1e-9a3f-000000000001',
  kind: 'transfer',
  clueId: '01937a8e-5c2b-7b1e-9a3f-0000000000c1',
  category: 'kickback',
  sender: 'nhc:341300',
  recipient: 'samr:341300',
  viaTransferId: null,
  basis: '《关于建立医药领域腐败问题线索移交机制的通知》, 第三条 "线索移交"',
  note: '第一行\r\n第二行',
  status: 'acknowledged',
  reason: null,
  transferredAt: '2026-11-02T02:00:00.000Z',
  acknowledgeBy: '2026-11-04T15:59:59.999Z',
  feedbackBy: '2026-12-14T15:59:59.999Z',
  acknowledgedAt: '2026-11-03T01:00:00.000Z',
  rejectedAt: null,
  answeredAt: null,
  overdue: false,
  overdueRecorded: true,
  supervisionLevel: 2,
  extension: 'granted',
  outcome: 'substantiated',
};
const second: TransferLedgerRow = { ...row, transferId: '01937a8e-5c2b-7b1e-9a3f-000000000002', recipient: 'sta:341300', status: 'rejected', reason: '不属于税务管辖', note: null, overdue: true, supervisionLevel: 0, extension: null, outcome: null };

describe('台账 CSV writer', () => {
  it('given rows with commas, quotes, CRLF and Chinese, when written, then UTF-8 with BOM, CRLF records, RFC 4180 quoting, and they read back equal', () => {
    const body = writeLedgerCsv([row, second], false);
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(LEDGER_COLUMNS.map((c) => c.header).join(','));
    expect(text).toContain('"《关于建立医药领域腐败问题线索移交机制的通知》, 第三条 ""线索移交"""');
    const parsed = ledgerRowsFromCsv(body);
    expect(parsed.bom).toBe(true);
    expect(parsed.rows).toEqual([row, second]);
  });

  it('given metadata only, when written, then the free-text columns are not there at all', () => {
    const parsed = ledgerRowsFromCsv(writeLedgerCsv([withoutText(row)], true));
    expect(parsed.header).toEqual(columnsFor(true).map((c) => c.header));
    expect(parsed.header).not.toContain('移交依据');
    expect(parsed.rows).toEqual([withoutText(row)]);
    expect(Object.keys(parsed.rows[0])).not.toEqual(expect.arrayContaining(['basis']));
  });

  it('given a cell that begins like a formula, when written, then it is prefixed with an apostrophe (no CSV injection)', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell(-2)).toBe('-2'); // numbers are ours, not text
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('given no rows, when written, then the header alone', () => {
    expect(parseCsv(writeLedgerCsv([], false).subarray(3).toString('utf8'))).toEqual([LEDGER_COLUMNS.map((c) => c.header)]);
  });
});

describe('台账 XLSX writer (exceljs)', () => {
  it('given rows, when written and read back with exceljs, then the same rows, typed, under the Chinese header', async () => {
    const body = await writeLedgerXlsx([row, second], false);
    expect(body.subarray(0, 2).toString('latin1')).toBe('PK'); // an OOXML zip
    const parsed = await ledgerRowsFromXlsx(body);
    expect(parsed.sheet).toBe('台账');
    expect(parsed.header).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    // the one documented difference: a CR LF in free text is Excel's in-cell line break, LF
    expect(parsed.rows).toEqual([{ ...row, note: '第一行\n第二行' }, second]);
  });

  it('given a text that begins with =, when written, then it is a string cell, not a formula', async () => {
    const parsed = await ledgerRowsFromXlsx(await writeLedgerXlsx([{ ...row, basis: '=1+1' }], false));
    expect(parsed.rows[0].basis).toBe('=1+1');
  });
});

describe('export file name', () => {
  it('given an instance and a date, then an attachment named without colons, ASCII fallback and the Chinese name (RFC 5987)', () => {
    expect(exportDisposition('samr:341300', '2026-12-02', 'csv')).toBe(
      `attachment; filename="ledger-samr-341300-2026-12-02.csv"; filename*=UTF-8''${encodeURIComponent('台账-samr-341300-2026-12-02.csv')}`,
    );
  });
});
