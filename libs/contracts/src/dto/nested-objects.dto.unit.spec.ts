import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RegisterClueDto } from './clue-requests.dto';
import { ImposeSanctionDto } from './sanction-requests.dto';

/**
 * A field that holds one nested object must refuse an array: @ValidateNested alone validates an
 * array's elements, so `reporter: []` passed with nothing to check and became an event the
 * schema refuses (found by test/property/dtos.property.unit.spec.ts, seed 1370928706).
 */
const clue = { source: 'report', category: 'kickback', summary: '回扣', subjects: [{ kind: 'person', name: '张某' }] };
const sanction = {
  subject: { kind: 'enterprise', uscc: '91330100716105852F', name: '某医药有限公司' },
  measure: 'procurement-credit-rating',
  rating: { scheme: 'nhsa-2025', grade: '严重失信' },
  legalBasis: '依据',
  startsOn: '2026-12-01',
};

const failedFields = async (cls: new () => object, body: object) => (await validate(plainToInstance(cls, body))).map((e) => e.property);

describe('DTO fields holding one nested object', () => {
  it.each([
    ['a clue\'s reporter', RegisterClueDto, clue, 'reporter'],
    ['a sanction\'s subject', ImposeSanctionDto, sanction, 'subject'],
    ['a sanction\'s rating', ImposeSanctionDto, sanction, 'rating'],
  ] as const)('given %s as an empty array, when validated, then that field is refused', async (_what, cls, body, field) => {
    expect(await failedFields(cls, body)).not.toContain(field); // the valid body passes on that field
    expect(await failedFields(cls, { ...body, [field]: [] })).toContain(field);
  });
});
