import { ConflictException } from '@nestjs/common';
import { CaseErrorCodes, ClueErrorCodes, DomainError } from '@cluebus/domain';
import { domainRefusal, toProblemDetails } from './error.filter';

describe('domainRefusal', () => {
  it.each<[string, DomainError, number, string]>([
    ['a not-found refusal', new DomainError(ClueErrorCodes.CLUE_NOT_FOUND, 'no clue', undefined, 'not-found'), 404, 'id'],
    ['a forbidden refusal', new DomainError(ClueErrorCodes.ONLY_LEAD_UNIT_MAY_SUPERVISE, 'no', undefined, 'forbidden'), 403, 'id'],
    ['a content refusal naming a field', new DomainError(ClueErrorCodes.RECIPIENT_IS_SENDER, 'no', 'to'), 422, 'to'],
    ['a state conflict naming a field', new DomainError(ClueErrorCodes.DUPLICATE_RECIPIENT, 'no', 'to'), 409, 'to'],
    ['a refusal without a field', new DomainError(CaseErrorCodes.CASE_ALREADY_CONCLUDED, 'concluded'), 409, 'id'],
    ['the case\'s CLUE_NOT_FOUND naming the request\'s clue', new DomainError(CaseErrorCodes.CLUE_NOT_FOUND, 'no', 'clueIds[1]'), 422, 'clueIds[1]'],
  ])('given %s, when mapped, then %i naming %s', (_what, error, status, field) => {
    expect(domainRefusal(error)).toEqual({ status, code: error.code, detail: error.message, field });
  });
});

describe('toProblemDetails', () => {
  const refusal = { status: 422, code: 'RECIPIENT_IS_SENDER', detail: 'nhc:341300 cannot transfer to itself', field: 'to' };

  it('given a refusal in zh-CN, when rendered, then the catalogue\'s Chinese title and a Chinese detail naming the field', () => {
    expect(toProblemDetails(refusal, 'zh-CN', '/v1/clues/c/transfers')).toEqual({
      type: 'urn:cluebus:problem:RECIPIENT_IS_SENDER',
      title: '接收部门不能是移交部门本身',
      status: 422,
      detail: '接收部门不能是移交部门本身（字段：to）',
      instance: '/v1/clues/c/transfers',
      code: 'RECIPIENT_IS_SENDER',
      field: 'to',
    });
  });

  it('given the same refusal in English, when rendered, then the English title and the domain\'s own message; type, code and field unchanged', () => {
    expect(toProblemDetails(refusal, 'en', '/x')).toMatchObject({
      type: 'urn:cluebus:problem:RECIPIENT_IS_SENDER',
      title: 'The recipient is the sender',
      detail: 'nhc:341300 cannot transfer to itself',
      code: 'RECIPIENT_IS_SENDER',
      field: 'to',
    });
  });

  it('given extension members and field errors, when rendered, then they are kept', () => {
    const tracks = new ConflictException({ code: 'CASE_TRACKS_OPEN', field: 'id', message: 'open', openTracks: ['samr:341300'] });
    expect(tracks.getResponse()).toMatchObject({ openTracks: ['samr:341300'] });
    const details = toProblemDetails(
      { status: 400, code: 'VALIDATION_FAILED', detail: 'summary is required', field: 'summary', errors: [{ field: 'summary', message: 'summary is required' }], extensions: { openTracks: [] } },
      'en',
      '/v1/clues',
    );
    expect(details).toMatchObject({ errors: [{ field: 'summary', message: 'summary is required' }], openTracks: [] });
  });
});
