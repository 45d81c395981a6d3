import type { TransferClueDto } from '@cluebus/contracts';
import type { TransferTerms } from '@cluebus/domain';

/**
 * The terms of a TransferClue or ForwardClue as the caller sent them: recipients as written
 * (bare codes included) and only the deadlines it named. The decider resolves the rest.
 *
 * A named deadline is only re-spelled as a UTC instant, as the API always recorded it: the DTO
 * accepts any ISO-8601 date-time, and the same instant must be stored (and hashed, for
 * Idempotency-Key retries) whichever offset the caller wrote it in.
 */
export function transferTermsOf(body: TransferClueDto, transferId: string): TransferTerms {
  return {
    transferId,
    to: [...body.to],
    basis: body.basis,
    ...(body.note ? { note: body.note } : {}),
    ...(body.acknowledgeBy ? { acknowledgeBy: asUtcInstant(body.acknowledgeBy) } : {}),
    ...(body.feedbackBy ? { feedbackBy: asUtcInstant(body.feedbackBy) } : {}),
  };
}

function asUtcInstant(value: string): string {
  return new Date(value).toISOString();
}
