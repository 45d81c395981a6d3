import { SetMetadata } from '@nestjs/common';

export const LOGGED_FOR_EVERY_ROLE = 'cluebus:access-logged-for-every-role';

/**
 * Records the route's reads in cluebus_access_log for department keys too, not only for
 * investigators and auditors: a replay of a case's whole history, or of the case as it stood on
 * a date, is itself a fact an investigation may have to answer for (issue #14, "every such read
 * is itself recorded"). With query names, only requests that carry one of them are (GET
 * /v1/cases/:id is a replay only with `asOf`).
 */
export const LoggedForEveryRole = (...whenQueryHas: string[]) => SetMetadata(LOGGED_FOR_EVERY_ROLE, whenQueryHas);

/** Whether a department's request to a route with this metadata is recorded. */
export function loggedForDepartments(whenQueryHas: readonly string[] | undefined, query: Record<string, unknown> | undefined): boolean {
  if (!whenQueryHas) return false;
  return whenQueryHas.length === 0 || whenQueryHas.some((name) => query?.[name] !== undefined);
}
