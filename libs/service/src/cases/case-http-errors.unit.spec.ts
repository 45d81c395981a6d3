import { ConflictException } from '@nestjs/common';
import { CaseErrorCodes, CaseTracksOpenError, DomainError } from '@cluebus/domain';
import { asCaseApiError } from './case-http-errors';

describe('asCaseApiError', () => {
  it('given CASE_TRACKS_OPEN, when mapped, then a 409 whose body names the open tracks', () => {
    const mapped = asCaseApiError(new CaseTracksOpenError(['samr:341300', 'ccdi:341300']));
    expect(mapped).toBeInstanceOf(ConflictException);
    expect((mapped as ConflictException).getResponse()).toEqual({
      code: CaseErrorCodes.CASE_TRACKS_OPEN,
      field: 'id',
      message: expect.stringContaining('samr:341300, ccdi:341300'),
      openTracks: ['samr:341300', 'ccdi:341300'],
    });
  });

  it('leaves every other error to the error filter', () => {
    const other = new DomainError(CaseErrorCodes.ONLY_LEAD_MAY_CONCLUDE, 'no');
    expect(asCaseApiError(other)).toBe(other);
  });
});
