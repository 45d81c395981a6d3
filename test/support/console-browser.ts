import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureChromium } from './chromium';

const ROOT = resolve(__dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');

/** The console's static build; built here when a test runs before `npm run build:console` did. */
export function ensureConsoleBuilt(): void {
  if (existsSync(join(ROOT, 'dist/console/index.html'))) return;
  execFileSync('npm', ['run', 'build:console'], { cwd: ROOT, stdio: 'inherit' });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A page that remembers every uncaught error and console error, which a test asserts to be none. */
export interface WatchedPage {
  page: Page;
  errors: string[];
}

export async function openPage(browser: Browser): Promise<WatchedPage> {
  // Reduced motion: the console then shows dialogs without their fade, so axe never measures contrast half-way through one.
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { page, errors };
}

export async function signIn(page: Page, baseUrl: string, apiKey: string, actor: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.fill('[data-test=api-key]', apiKey);
  await page.fill('[data-test=actor]', actor);
  await page.click('[data-test=sign-in]');
  await page.waitForSelector('nav[aria-label=pages]');
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core run inside the page (WCAG 2 A/AA rules); the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<Array<{ id: string; impact: string | null; help: string; targets: string[] }>> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = (await page.evaluate(async () => {
    // Runs in the page (the test project's lib has no DOM types): axe and document are the browser's.
    const page = globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> }; document: unknown };
    return (await page.axe.run(page.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
