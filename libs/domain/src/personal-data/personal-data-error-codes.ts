/** Stable refusal codes of the PersonalData aggregate (erasure, 删除 under PIPL). Never rename a value. */
export const PersonalDataErrorCodes = {
  /** No department holds data under this token (or it is not one the caller may know). kind 'not-found'. */
  PERSONAL_DATA_NOT_FOUND: 'PERSONAL_DATA_NOT_FOUND',
  /** Only the department that registered the data may erase it. kind 'forbidden'. */
  ONLY_REGISTRAR_MAY_ERASE: 'ONLY_REGISTRAR_MAY_ERASE',
} as const;

export type PersonalDataErrorCode = (typeof PersonalDataErrorCodes)[keyof typeof PersonalDataErrorCodes];
