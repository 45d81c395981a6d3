import catalogueJson from './sanction-catalogue.v1.json';
import { parseSanctionCatalogue, SANCTION_CATALOGUE_V1, SanctionCatalogueError, triggeredBy, validateSanctionCatalogue } from './sanction-catalogue';

const copy = () => structuredClone(catalogueJson) as Record<string, any>;

describe('sanction catalogue and memorandum (data, validated at start-up)', () => {
  it('given the shipped file, when loaded, then it is valid and has both rating schemes with their grades (DOMAIN.md)', () => {
    expect(validateSanctionCatalogue(catalogueJson)).toEqual([]);
    const grades = Object.fromEntries(SANCTION_CATALOGUE_V1.schemes.map((s) => [s.id, s.grades.map((g) => g.grade)]));
    expect(grades).toEqual({ 'nhsa-2020': ['一般', '中等', '严重', '特别严重'], 'nhsa-2025': ['失信', '严重失信', '特别严重失信'] });
    expect(Object.isFrozen(SANCTION_CATALOGUE_V1.measures[0])).toBe(true);
  });

  it('given 特别严重失信 by nhsa, when the memorandum is asked, then notices to nhc and samr; 失信 triggers none', () => {
    expect(triggeredBy(SANCTION_CATALOGUE_V1, 'nhsa', 'procurement-credit-rating', '特别严重失信').flatMap((r) => r.then)).toEqual([
      { department: 'nhc', measure: 'joint-punishment-notice' },
      { department: 'samr', measure: 'joint-punishment-notice' },
    ]);
    expect(triggeredBy(SANCTION_CATALOGUE_V1, 'nhsa', 'procurement-credit-rating', '失信')).toEqual([]);
  });

  it('given a broken file, when parsed, then every problem is named by path', () => {
    const bad = copy();
    bad.measures[0].department = 'fda';
    bad.measures.push({ ...bad.measures[1] });
    bad.memorandum[0].then.push({ department: 'mps', measure: 'nothing' });
    bad.memorandum[1].when.grades = ['优秀'];
    bad.extra = 1;
    let error: SanctionCatalogueError | undefined;
    try {
      parseSanctionCatalogue(bad);
    } catch (e) {
      error = e as SanctionCatalogueError;
    }
    expect(error).toBeInstanceOf(SanctionCatalogueError);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\.extra: unknown key/),
        expect.stringMatching(/^\$\.measures\[0\]\.department\[0\]: unknown department "fda"/),
        expect.stringMatching(/^\$\.measures\[\d+\]: duplicate nhsa\/written-reminder/),
        expect.stringMatching(/^\$\.memorandum\[0\]\.then\[2\]: no measure nothing of mps/),
        expect.stringMatching(/^\$\.memorandum\[1\]\.when\.grades\[0\]: unknown grade "优秀"/),
      ]),
    );
  });

  it('given a rule triggering a record in its own department, when validated, then refused', () => {
    const bad = copy();
    bad.memorandum[0].then = [{ department: 'nhsa', measure: 'joint-punishment-notice' }];
    expect(validateSanctionCatalogue(bad)).toEqual(['$.memorandum[0].then[0].department: a memorandum rule triggers records in other departments']);
  });
});
