import { BadRequestException } from '@nestjs/common';
import { CLUE_CATEGORIES } from '@cluebus/contracts';
import { LEDGER_STATUSES, type LedgerStatus } from '@cluebus/projections';
import { LEDGER_FORMATS, type LedgerFormat } from '../exports/ledger-export';

/** The period a ledger or statistics query covers: transfers made on these China (Asia/Shanghai) dates, both ends included. */
export interface Period {
  /** First date, `YYYY-MM-DD`, or undefined: from the beginning. */
  from?: string;
  /** Last date, included, or undefined: up to now. */
  to?: string;
  /** The same as instants: transferredAt ≥ fromInstant and < toInstant (the start of the day after `to`). */
  fromInstant?: Date;
  toInstant?: Date;
}

export interface LedgerParams {
  direction?: 'sent' | 'received';
  scope: 'own' | 'all';
  status?: LedgerStatus;
  category?: string;
  overdue?: boolean;
  format: LedgerFormat;
  period: Period;
}

export type Raw = Record<string, unknown>;

export function invalid(field: string, message: string): BadRequestException {
  return new BadRequestException({ code: 'VALIDATION_FAILED', field, message });
}

/** A query parameter given once, as a string (a repeated parameter arrives as an array: refused). */
export function single(raw: Raw, field: string): string | undefined {
  const value = raw[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(field, `${field} must be given once`);
  return value;
}

export function oneOf<T extends string>(raw: Raw, field: string, allowed: readonly T[]): T | undefined {
  const value = single(raw, field);
  if (value !== undefined && !(allowed as readonly string[]).includes(value)) throw invalid(field, `${field} must be one of ${allowed.join(', ')}`);
  return value as T | undefined;
}

const CHINA_OFFSET = '+08:00';

export function chinaDateParam(raw: Raw, field: string): string | undefined {
  const value = single(raw, field);
  if (value === undefined) return undefined;
  // A calendar date, and a real one (2026-02-30 is refused, not rolled over to March).
  const parsed = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw invalid(field, `${field} must be a date YYYY-MM-DD`);
  }
  return value;
}

export function parsePeriod(raw: Raw): Period {
  const from = chinaDateParam(raw, 'from');
  const to = chinaDateParam(raw, 'to');
  if (from && to && from > to) throw invalid('to', 'to must not be before from');
  const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00${CHINA_OFFSET}`) + 86_400_000);
  return {
    ...(from ? { from, fromInstant: new Date(`${from}T00:00:00${CHINA_OFFSET}`) } : {}),
    ...(to ? { to, toInstant: dayAfter(to) } : {}),
  };
}

export function parseLedgerParams(raw: Raw): LedgerParams {
  const scope = oneOf(raw, 'scope', ['own', 'all'] as const) ?? 'own';
  const direction = oneOf(raw, 'direction', ['sent', 'received'] as const);
  // Sent and received are the caller's; across every department they mean nothing.
  if (scope === 'all' && direction !== undefined) throw invalid('direction', 'direction applies to the own scope only, not to scope=all');
  const overdue = oneOf(raw, 'overdue', ['true', 'false'] as const);
  return {
    scope,
    ...(direction ? { direction } : {}),
    ...(raw.status !== undefined ? { status: oneOf(raw, 'status', LEDGER_STATUSES) } : {}),
    ...(raw.category !== undefined ? { category: oneOf(raw, 'category', CLUE_CATEGORIES) } : {}),
    ...(overdue !== undefined ? { overdue: overdue === 'true' } : {}),
    format: oneOf(raw, 'format', LEDGER_FORMATS) ?? 'json',
    period: parsePeriod(raw),
  };
}
