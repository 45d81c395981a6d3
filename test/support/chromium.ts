import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium, which the console's browser tests drive through playwright-core (no downloaded browser). */
export const CHROMIUM_PATH = process.env.CLUEBUS_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Makes sure the browser is there: a fresh CI machine running as root gets the Debian package
 * installed here (like the Kafka broker is fetched); anyone else is told how, and the test fails.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (sudo apt-get install -y chromium) or set CLUEBUS_CHROMIUM`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  // CJK fonts with it: without them the screenshots show the Chinese pages as boxes.
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing`);
  return CHROMIUM_PATH;
}

// `ts-node test/support/chromium.ts`: the npm test chain's step (npm run chromium).
if (require.main === module) console.log(ensureChromium());
