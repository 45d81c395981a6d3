import { UnauthorizedException } from '@nestjs/common';
import { BearerKeys, keyFingerprint } from './bearer-keys';

const keys = new BearerKeys([
  { key: 'key-of-samr', instance: 'samr:341300' },
  { key: 'key-of-sta-which-is-longer', instance: 'sta:341300' },
]);

function refusal(authorization: unknown): unknown {
  try {
    keys.match(authorization);
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthorizedException);
    return (error as UnauthorizedException).getResponse();
  }
  throw new Error('expected a refusal');
}

describe('BearerKeys', () => {
  it('given a configured key, when matched, then its grant and fingerprint are returned', () => {
    expect(keys.match('Bearer key-of-sta-which-is-longer')).toEqual({ grant: { key: 'key-of-sta-which-is-longer', instance: 'sta:341300' }, fingerprint: keyFingerprint('key-of-sta-which-is-longer') });
    expect(keys.match('Bearer key-of-samr').grant.instance).toBe('samr:341300');
    expect(keyFingerprint('key-of-samr')).toMatch(/^[0-9a-f]{12}$/);
  });

  it.each<[string, unknown]>([
    ['no header', undefined],
    ['another scheme', 'Basic a2V5'],
    ['an empty bearer', 'Bearer '],
    ['two tokens', 'Bearer key-of-samr extra'],
    ['a header list', ['Bearer key-of-samr']],
  ])('given %s, when matched, then 401 UNAUTHENTICATED names Authorization and asks for a key', (_what, header) => {
    expect(refusal(header)).toEqual({ code: 'UNAUTHENTICATED', field: 'Authorization', message: 'Authorization: Bearer <api key> is required' });
  });

  it.each(['key-of-samr-', 'key-of-sam', 'KEY-OF-SAMR', 'key-of-sta'])('given the unknown key %s, when matched, then 401 UNAUTHENTICATED names Authorization', (given) => {
    expect(refusal(`Bearer ${given}`)).toEqual({ code: 'UNAUTHENTICATED', field: 'Authorization', message: 'unknown API key' });
  });

  it('given no configured keys, when any key is presented, then it is refused', () => {
    expect(() => new BearerKeys([]).match('Bearer anything')).toThrow(UnauthorizedException);
  });
});
