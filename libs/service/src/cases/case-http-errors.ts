import { ConflictException } from '@nestjs/common';
import { CaseTracksOpenError } from '@cluebus/domain';

/**
 * Case refusals that carry more than the error filter's one shape (code, field, message): a
 * CASE_TRACKS_OPEN answers 409 with the open tracks named, so the lead knows whom to press.
 * Every other error goes to the filter unchanged (DomainError codes → 4xx as for the Clue).
 */
export function asCaseApiError(error: unknown): unknown {
  if (error instanceof CaseTracksOpenError) {
    return new ConflictException({ code: error.code, field: 'id', message: error.message, openTracks: [...error.openTracks] });
  }
  return error;
}
