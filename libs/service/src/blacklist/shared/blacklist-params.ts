import { isValidResidentId, isValidUscc } from '@cluebus/contracts';
import { LEDGER_FORMATS, type LedgerFormat } from '../../ledger/exports/ledger-export';
import { chinaDateParam, invalid, oneOf, single, type Raw } from '../../ledger/shared/ledger-params';

export interface BlacklistParams {
  uscc?: string;
  /** The clear ID number as asked: the handler tokenises it at once; it goes no further. */
  idNumber?: string;
  name?: string;
  asOf?: string;
  format: LedgerFormat;
}

/** `?uscc=` | `?idNumber=` | `?name=` (at most one), `&asOf=YYYY-MM-DD`, `&format=json|csv|xlsx`: a bad one is 400 naming it. */
export function parseBlacklistParams(raw: Raw): BlacklistParams {
  const uscc = single(raw, 'uscc');
  const idNumber = single(raw, 'idNumber');
  const name = single(raw, 'name');
  const given = [uscc, idNumber, name].filter((v) => v !== undefined).length;
  if (given > 1) throw invalid('uscc', 'give at most one of uscc, idNumber, name');
  if (uscc !== undefined && !isValidUscc(uscc)) throw invalid('uscc', 'uscc must be a unified social credit code (统一社会信用代码) with a valid check character');
  if (idNumber !== undefined && !isValidResidentId(idNumber)) throw invalid('idNumber', 'idNumber must be a resident ID number (居民身份证号) with a valid check digit');
  if (name !== undefined && (name.trim().length < 2 || name.length > 100)) throw invalid('name', 'name must be 2–100 characters of an enterprise or institution name');
  const asOf = chinaDateParam(raw, 'asOf');
  return {
    ...(uscc !== undefined ? { uscc } : {}),
    ...(idNumber !== undefined ? { idNumber } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(asOf !== undefined ? { asOf } : {}),
    format: oneOf(raw, 'format', LEDGER_FORMATS) ?? 'json',
  };
}

const MAX_CHANGES = 1000;

/** `?since=<global position>` (default 0) `&limit=` (1–1000, default 1000). */
export function parseChangesParams(raw: Raw): { since: number; limit: number } {
  const whole = (field: string, fallback: number, min: number, max: number): number => {
    const value = single(raw, field);
    if (value === undefined) return fallback;
    if (!/^\d{1,15}$/.test(value) || Number(value) < min || Number(value) > max) throw invalid(field, `${field} must be a whole number ${min}–${max}`);
    return Number(value);
  };
  return { since: whole('since', 0, 0, Number.MAX_SAFE_INTEGER), limit: whole('limit', MAX_CHANGES, 1, MAX_CHANGES) };
}
