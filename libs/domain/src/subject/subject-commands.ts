import type { SanctionImposed } from '@cluebus/contracts';
import type { SanctionCatalogue } from './catalogue/sanction-catalogue';

/**
 * Commands the Subject aggregate (联合惩戒) decides on, validated for shape by the DTOs. Ids come
 * from the application (derived from the Idempotency-Key); the decider checks the business rules.
 */
export type SubjectCommand =
  | {
      type: 'ImposeSanction';
      /** The SanctionImposed to be, less what the decider adds (department, measure kind, catalogue version, trigger). */
      data: Omit<SanctionImposed, 'department' | 'measureKind' | 'catalogueVersion' | 'trigger' | 'recipient'> & {
        /** Ids for the records the memorandum triggers, in rule order (as many as it may trigger). */
        triggeredSanctionIds: string[];
        /** A person's name, if a caller sent one: refused (PersonNameIsNotAccepted). */
        personName?: string;
      };
    }
  | { type: 'RevokeSanction'; data: { sanctionId: string; reason: string; effectiveOn: string } }
  | { type: 'RepairCredit'; data: { sanctionId: string; basis: string; effectiveOn: string } }
  /** Issued by the expiry scheduler, in the sanctioning department's name, once `today` is past the end date. */
  | { type: 'ExpireSanction'; data: { sanctionId: string; today: string } };

export interface SubjectDecisionContext {
  /** The acting department instance `code:region`. */
  actor: string;
  catalogue: Readonly<SanctionCatalogue>;
  /** Id the command's first event will get: the triggered records cite it. */
  firstEventId: string;
}
