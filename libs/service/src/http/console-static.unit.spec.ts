import { consoleCacheControl, consoleDirectory } from './console-static';

describe('console static files', () => {
  it('given hashed assets and the page, when cache headers are chosen, then assets are immutable and the page revalidates', () => {
    expect(consoleCacheControl('/x/dist/console/assets/index-swGY8hpc.js')).toBe('public, max-age=31536000, immutable');
    expect(consoleCacheControl('/x/dist/console/index.html')).toBe('no-cache');
  });

  it('given CLUEBUS_CONSOLE_DIR, when the directory is looked up, then it wins; without a build anywhere above, there is none', () => {
    expect(consoleDirectory({ CLUEBUS_CONSOLE_DIR: '/srv/console' })).toBe('/srv/console');
    expect(consoleDirectory({}, '/')).toBeUndefined();
  });
});
