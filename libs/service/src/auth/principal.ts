import type { DepartmentCode } from '@cluebus/contracts';

/** Who is calling: the department instance its API key or JWT is bound to, or a reader (investigator, auditor); ADR 0016. */
export type Principal = DepartmentPrincipal | InvestigatorPrincipal | AuditorPrincipal;

interface PrincipalBase {
  /** From `X-Actor` (the clerk, investigator or system acting), else the key's instance. */
  actor: string;
  /** First 12 hex digits of SHA-256 of the API key: names the key in logs without revealing it. */
  keyFingerprint: string;
}

export interface DepartmentPrincipal extends PrincipalBase {
  role: 'department';
  instance: string;
  code: DepartmentCode;
}

/** Reads every clue's history and the audit API; writes nothing; every read is logged. */
export interface InvestigatorPrincipal extends PrincipalBase {
  role: 'investigator';
  instance: 'investigator';
}

export type Role = Principal['role'];

/** Reads the blacklists and ledgers; writes nothing; every query is logged (who, query, when), visible to the lead unit. */
export interface AuditorPrincipal extends PrincipalBase {
  role: 'auditor';
  instance: 'auditor';
}
