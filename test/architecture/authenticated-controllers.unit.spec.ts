import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Every controller of the department service is behind `@Authenticated()` (ApiKeyGuard, then
 * AccessLogGuard), except the few that are public by design. A controller that forgets it would
 * be open to anyone and its reads unlogged, and no other test would notice a new one.
 */
const ROOT = join(__dirname, '..', '..');
const SERVICE = join(ROOT, 'libs', 'service', 'src');

/** Public by design: liveness for the platform, the published event schemas (ADR 0014), and metrics for the scraper. */
const PUBLIC_CONTROLLERS = ['health.controller.ts', 'schemas/schemas.controller.ts', 'metrics/metrics.controller.ts'];

function controllerFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return controllerFiles(path);
    return name.endsWith('.controller.ts') ? [path] : [];
  });
}

/** What is wrong with a controller file's text: a class declared @Controller without @Authenticated(). */
function unguarded(file: string, text: string): string[] {
  if (!/@Controller\(/.test(text)) return [];
  return /@Authenticated\(\)/.test(text) ? [] : [`${file} declares a @Controller without @Authenticated()`];
}

describe('API controllers are authenticated and access-logged', () => {
  const files = controllerFiles(SERVICE).map((path) => relative(SERVICE, path).split(sep).join('/'));

  it('given the service\'s controllers, when each is read, then every one not public by design carries @Authenticated()', () => {
    expect(files.length).toBeGreaterThan(PUBLIC_CONTROLLERS.length); // the walk found the controllers
    const problems = files.filter((f) => !PUBLIC_CONTROLLERS.includes(f)).flatMap((f) => unguarded(f, readFileSync(join(SERVICE, f), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('given the public list, when checked, then each entry is a controller that exists (a renamed one cannot keep its exemption silently)', () => {
    for (const f of PUBLIC_CONTROLLERS) expect(files).toContain(f);
  });

  it('given a controller without the decorator, when checked, then it is named', () => {
    const text = `@Controller('reports')\nexport class ReportsController {}`;
    expect(unguarded('reports/reports.controller.ts', text)).toEqual(['reports/reports.controller.ts declares a @Controller without @Authenticated()']);
    expect(unguarded('reports/reports.controller.ts', `@Authenticated()\n${text}`)).toEqual([]);
  });
});
