import { findMeasure, SANCTION_CATALOGUE_V1 } from '@cluebus/domain';
import type { BlacklistListingDto, ListedSanctionDto } from '@cluebus/contracts';
import type { BlacklistRow } from '@cluebus/projections';

/** A sanction of a listing with the events that prove it: the contract's class, so the document says what is returned. */
export type ListedSanction = ListedSanctionDto;

/** One subject on the blacklist (the contract's BlacklistListingDto). */
export type BlacklistListing = BlacklistListingDto;

/** The rows (one per sanction, ordered by subject) as one listing per subject. */
export function toListings(rows: readonly BlacklistRow[]): BlacklistListing[] {
  const bySubject = new Map<string, BlacklistListing>();
  for (const r of rows) {
    const listing =
      bySubject.get(r.subjectKey) ??
      bySubject.set(r.subjectKey, { subject: { kind: r.subjectKind, key: r.subjectKey, uscc: r.uscc, name: r.name }, departments: [], sanctions: [] }).get(r.subjectKey)!;
    if (!listing.departments.includes(r.department)) listing.departments.push(r.department);
    listing.sanctions.push({
      sanctionId: r.sanctionId,
      department: r.department,
      measure: r.measure,
      measureName: findMeasure(SANCTION_CATALOGUE_V1, r.department.split(':')[0], r.measure)?.name ?? null,
      measureKind: r.measureKind,
      catalogueVersion: r.catalogueVersion,
      rating: r.ratingScheme && r.ratingGrade ? { scheme: r.ratingScheme, grade: r.ratingGrade } : null,
      legalBasis: r.legalBasis,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      caseIds: r.caseIds,
      findingEventIds: r.findingEventIds,
      eventId: r.imposedEventId,
      trigger: r.triggerEventId && r.triggerSanctionId && r.triggerRule ? { eventId: r.triggerEventId, sanctionId: r.triggerSanctionId, rule: r.triggerRule } : null,
    });
  }
  return [...bySubject.values()];
}
