/**
 * Department codes are part of the public contract (topics, API keys, events).
 *   nhc  卫生健康委  health commission — lead unit (牵头), supervises transfers (督办)
 *   nhsa 医疗保障局  medical insurance — fund fraud (欺诈骗保), 招采信用评价 ratings
 *   mps  公安        police — criminal matters, organised crime (涉黑涉恶)
 *   sta  税务        tax — false invoices (虚开发票), tax evasion (偷逃税款)
 *   samr 市场监管    market regulation — commercial bribery / kickbacks (回扣)
 *   ccdi 纪检监察    discipline inspection & supervision — party members and officials
 */
export const DEPARTMENT_CODES = ['nhc', 'nhsa', 'mps', 'sta', 'samr', 'ccdi'] as const;
export type DepartmentCode = (typeof DEPARTMENT_CODES)[number];

export function isDepartmentCode(value: unknown): value is DepartmentCode {
  return typeof value === 'string' && (DEPARTMENT_CODES as readonly string[]).includes(value);
}

/** A GB/T 2260 administrative division code: six digits, province part 11–82. */
const REGION = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])\d{4}$/;

export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && REGION.test(value);
}

/** A department instance: code + region, written `code:region`, e.g. `samr:341300` (宿州市市场监管局). */
export interface DepartmentInstance {
  code: DepartmentCode;
  region: string;
}

const INSTANCE = /^([a-z]+):(\d{6})$/;

export function isDepartmentInstance(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANCE.exec(value);
  return !!m && isDepartmentCode(m[1]) && isRegionCode(m[2]);
}

export function parseDepartmentInstance(value: string): DepartmentInstance {
  const m = INSTANCE.exec(value);
  if (!m || !isDepartmentCode(m[1]) || !isRegionCode(m[2])) {
    throw new RangeError(`not a department instance (code:region): ${value}`);
  }
  return { code: m[1], region: m[2] };
}

export function formatDepartmentInstance(d: DepartmentInstance): string {
  return `${d.code}:${d.region}`;
}

export function departmentCodeOf(instance: string): DepartmentCode {
  return parseDepartmentInstance(instance).code;
}
