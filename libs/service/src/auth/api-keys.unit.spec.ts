import { ConfigError } from '../config/config-error';
import { DEPARTMENT_SERVICE_KEYS, DEPARTMENT_SERVICE_KEYS_OUTSIDE_STANDALONE, LEDGER_KEYS, parseApiKeys } from './api-keys';

describe('parseApiKeys', () => {
  describe('department services (department and investigator keys)', () => {
    it('given department and investigator entries, when parsed, then each gets its role and instance', () => {
      expect(parseApiKeys(' k1=samr:341300 , k2=investigator,,', DEPARTMENT_SERVICE_KEYS)).toEqual([
        { key: 'k1', instance: 'samr:341300', role: 'department' },
        { key: 'k2', instance: 'investigator', role: 'investigator' },
      ]);
    });

    it('given nothing, when parsed, then there are no keys', () => {
      expect(parseApiKeys(undefined, DEPARTMENT_SERVICE_KEYS)).toEqual([]);
      expect(parseApiKeys('', DEPARTMENT_SERVICE_KEYS)).toEqual([]);
    });

    it('given a base64 key ending in "=", when parsed, then the instance is what follows the last "="', () => {
      expect(parseApiKeys('c2VjcmV0a2V5==samr:341300', DEPARTMENT_SERVICE_KEYS)).toEqual([{ key: 'c2VjcmV0a2V5=', instance: 'samr:341300', role: 'department' }]);
    });

    it('given a demo key in standalone, when parsed, then it is accepted; outside standalone it is refused', () => {
      expect(parseApiKeys('dev-samr=samr:341300', DEPARTMENT_SERVICE_KEYS)).toHaveLength(1);
      expect(() => parseApiKeys('dev-samr=samr:341300', DEPARTMENT_SERVICE_KEYS_OUTSIDE_STANDALONE)).toThrow(
        /CLUEBUS_API_KEYS entry 1 of 1 .*demo API keys \(dev-\*\) are refused outside standalone mode/,
      );
      expect(parseApiKeys('k=investigator', DEPARTMENT_SERVICE_KEYS_OUTSIDE_STANDALONE)).toEqual([{ key: 'k', instance: 'investigator', role: 'investigator' }]);
    });
  });

  describe('the ledger (department keys only, never demo keys)', () => {
    it('given department entries, when parsed, then they are department grants', () => {
      expect(parseApiKeys('k1=nhc:341300,k2=ccdi:341300', LEDGER_KEYS)).toEqual([
        { key: 'k1', instance: 'nhc:341300', role: 'department' },
        { key: 'k2', instance: 'ccdi:341300', role: 'department' },
      ]);
    });

    it('given an investigator key, when parsed, then it is refused and the expected form names key=code:region only', () => {
      expect(() => parseApiKeys('k1=nhc:341300,k2=investigator', LEDGER_KEYS)).toThrow(ConfigError);
      expect(() => parseApiKeys('k1=nhc:341300,k2=investigator', LEDGER_KEYS)).toThrow(/CLUEBUS_API_KEYS entry 2 of 2 \("<key>=investigator"\) must be key=code:region$/);
    });

    it('given a demo key, when parsed, then it is refused by the ledger', () => {
      expect(() => parseApiKeys('dev-nhc=nhc:341300', LEDGER_KEYS)).toThrow(/demo API keys \(dev-\*\) are refused by the ledger/);
    });
  });

  describe('malformed entries', () => {
    it.each([
      ['no instance', 'k1=samr:341300,lonely-key', /^configuration: CLUEBUS_API_KEYS entry 2 of 2 must be key=code:region or key=investigator or key=auditor$/],
      ['a department code without a region', 'k=samr', /CLUEBUS_API_KEYS entry 1 of 1 \("<key>=samr"\) must be/],
      ['an unknown department', 'k=police:341300', /CLUEBUS_API_KEYS entry 1 of 1 \("<key>=police:341300"\) must be/],
      ['an empty key', '=samr:341300', /CLUEBUS_API_KEYS entry 1 of 1 .*must be/],
      ['a key with whitespace', 'my key=samr:341300', /CLUEBUS_API_KEYS entry 1 of 1 .*must be/],
    ])('given %s, when parsed, then ConfigError names CLUEBUS_API_KEYS and the entry', (_what, raw, message) => {
      expect(() => parseApiKeys(raw, DEPARTMENT_SERVICE_KEYS)).toThrow(ConfigError);
      expect(() => parseApiKeys(raw, DEPARTMENT_SERVICE_KEYS)).toThrow(message);
    });

    it('given a malformed entry, when refused, then the message never contains the key (a secret)', () => {
      for (const raw of ['s3cret-key', 's3cret-key=samr', 's3cret-key=investigator']) {
        expect(() => parseApiKeys(raw, LEDGER_KEYS)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
      }
    });

    it('given another setting name, when an entry is malformed, then that setting is named', () => {
      expect(() => parseApiKeys('k=samr', { ...LEDGER_KEYS, setting: 'LEDGER_KEYS' })).toThrow(/^configuration: LEDGER_KEYS entry 1 of 1/);
    });
  });
});
