import type { DepartmentCode } from '@cluebus/contracts';

/** Who is calling: the department instance its API key is bound to, and the acting clerk. */
export interface Principal {
  instance: string;
  code: DepartmentCode;
  /** From `X-Actor` (the clerk or system acting), else the key's department instance. */
  actor: string;
}
