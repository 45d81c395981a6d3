import { problemLanguage } from './problem-language';

describe('problemLanguage', () => {
  it.each<[string, string | string[] | undefined, string]>([
    ['no header', undefined, 'zh-CN'],
    ['an empty header', '', 'zh-CN'],
    ['en', 'en', 'en'],
    ['en-US', 'en-US', 'en'],
    ['EN-gb in capitals', 'EN-GB', 'en'],
    ['zh-CN', 'zh-CN', 'zh-CN'],
    ['a browser in English with Chinese second', 'en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['a browser in Chinese with English second', 'zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['English preferred by q, listed last', 'zh;q=0.5, en;q=0.9', 'en'],
    ['a tie: the earlier range wins', 'en;q=0.7, zh;q=0.7', 'en'],
    ['English refused with q=0', 'en;q=0, fr', 'zh-CN'],
    ['only languages we do not speak', 'fr-FR, de;q=0.8', 'zh-CN'],
    ['French first, then English', 'fr, en;q=0.5', 'en'],
    ['a wildcard', '*', 'zh-CN'],
    ['a malformed q', 'en;q=abc, zh;q=0.1', 'zh-CN'],
    ['a q above 1', 'en;q=2', 'zh-CN'],
    ['"english" is not en', 'english', 'zh-CN'],
    ['the header given twice', ['fr', 'en'], 'en'],
  ])('given %s, when chosen, then %s', (_what, header, expected) => {
    expect(problemLanguage(header)).toBe(expected);
  });
});
