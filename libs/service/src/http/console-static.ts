import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import serveStatic from 'serve-static';

/** Where the web console is served (apps/console, built by `npm run build:console`). */
export const CONSOLE_PATH = '/console';

/**
 * The built console: CLUEBUS_CONSOLE_DIR, else dist/console of the checkout, found by walking up
 * from here (this file runs from libs/… under ts-node and from dist/libs/… when built).
 */
export function consoleDirectory(env: NodeJS.ProcessEnv = process.env, from = __dirname): string | undefined {
  if (env.CLUEBUS_CONSOLE_DIR) return resolve(env.CLUEBUS_CONSOLE_DIR);
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'console');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Hashed asset names change with their content: cache them for a year; index.html is always revalidated so a new build shows at once. */
export function consoleCacheControl(filePath: string): string {
  return /[/\\]assets[/\\]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Serves the console's static build at /console, with a fallback to index.html for any other
 * path under it (the single-page app routes in the browser). Mounted before the HTTP edge: these
 * are files for a browser, so the API's JSON-only 406 check does not apply. Without a build the
 * path answers a plain 404 naming the command that makes one, and the API runs as before.
 */
export function serveConsole(app: INestApplication, dir = consoleDirectory()): boolean {
  if (!dir) {
    app.use(CONSOLE_PATH, (_req: Request, res: Response) => {
      res.status(404).type('text/plain').send('The console is not built: run `npm run build:console` (npm start and npm test do it).');
    });
    return false;
  }
  const files = serveStatic(dir, { index: ['index.html'], fallthrough: true, setHeaders: (res, path) => res.setHeader('Cache-Control', consoleCacheControl(path)) });
  const index = join(dir, 'index.html');
  app.use(CONSOLE_PATH, files, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // A missing asset is a 404, not the page: a stale index.html asking for an old chunk must fail visibly.
    if (req.path.startsWith('/assets/')) return res.status(404).type('text/plain').send('not found');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
