import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as domain from '@cluebus/domain';
import { HttpErrorCodes } from './http-error-codes';
import { PROBLEM_CATALOG, problemEntry } from './problem-catalog';

const ROOT = join(__dirname, '..', '..', '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the problem catalogue', () => {
  // Every `…ErrorCodes` the domain exports, found by name: a new aggregate's codes are checked without editing this test.
  const domainCodeSets = Object.entries(domain).filter(([name]) => name.endsWith('ErrorCodes')) as Array<[string, Record<string, string>]>;

  it('given the domain, when its error-code sets are listed, then the clue\'s, the case\'s and personal data\'s are among them', () => {
    expect(domainCodeSets.map(([name]) => name)).toEqual(expect.arrayContaining(['ClueErrorCodes', 'CaseErrorCodes', 'PersonalDataErrorCodes']));
  });

  it.each([...domainCodeSets, ['HttpErrorCodes', HttpErrorCodes] as [string, Record<string, string>]])('given every code of %s, when looked up, then each has an entry', (_name, codes) => {
    expect(Object.values(codes).filter((code) => !(code in PROBLEM_CATALOG))).toEqual([]);
  });

  it('given the codes the service and the apps throw by hand (`code: \'…\'`), when looked up, then each has an entry', () => {
    const thrown = [...sources(join(ROOT, 'libs', 'service', 'src')), ...sources(join(ROOT, 'apps'))].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bcode: '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]),
    );
    expect(thrown.length).toBeGreaterThan(10);
    expect([...new Set(thrown)].filter((code) => !(code in PROBLEM_CATALOG))).toEqual([]);
  });

  it('given every entry, when read, then its status is an error status, its zh-CN title is Chinese and its English title is ASCII', () => {
    for (const [code, entry] of Object.entries(PROBLEM_CATALOG)) {
      expect({ code, status: entry.status >= 400 && entry.status < 600 }).toEqual({ code, status: true });
      expect({ code, zh: /[\u4e00-\u9fff]/.test(entry.zh), en: /^[\x20-\x7e]+$/.test(entry.en) }).toEqual({ code, zh: true, en: true });
    }
  });

  it('given a code outside the catalogue (Nest\'s HTTP_405), when looked up, then it gets its status\' reason phrase', () => {
    expect(problemEntry('HTTP_405', 405)).toEqual({ status: 405, zh: '不允许的请求方法', en: 'Method Not Allowed' });
    expect(problemEntry('HTTP_418', 418)).toEqual({ status: 418, zh: 'HTTP 418', en: "I'm a Teapot" });
  });
});
