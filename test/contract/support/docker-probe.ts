import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface DockerProbe {
  available: boolean;
  /** What was looked at, for the skip line. */
  checked: string[];
  /** Why not, when not. */
  reason?: string;
}

/**
 * Is a container engine reachable for testcontainers? Decided synchronously (jest registers
 * tests synchronously): list the usual endpoints, then ask testcontainers itself — in a child
 * process, ~0.4 s — whether its runtime client answers. Only its answer counts: a socket file
 * without a live engine behind it is "not available".
 */
export function probeDocker(): DockerProbe {
  const candidates = [
    '/var/run/docker.sock',
    process.env.XDG_RUNTIME_DIR ? join(process.env.XDG_RUNTIME_DIR, 'docker.sock') : undefined,
    join(homedir(), '.docker', 'run', 'docker.sock'),
    join(homedir(), '.testcontainers.properties'),
  ].filter((p): p is string => p !== undefined);
  const checked = [
    ...candidates.map((p) => `${p}${existsSync(p) ? ' (present)' : ''}`),
    `DOCKER_HOST${process.env.DOCKER_HOST ? `=${process.env.DOCKER_HOST}` : ' (unset)'}`,
  ];
  // The child reports on stdout and then kills itself (a runtime client may hold sockets open).
  const script = `const done = (m) => process.stdout.write(m, () => process.kill(process.pid, 'SIGKILL'));
    require(${JSON.stringify(require.resolve('testcontainers'))}).getContainerRuntimeClient().then(
      (c) => done('ok ' + c.info.containerRuntime.host),
      (e) => done('no ' + String((e && e.message) || e)));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, DEBUG: '' } });
  checked.push('testcontainers runtime client');
  const out = (child.stdout ?? '').trim();
  if (out.startsWith('ok ')) return { available: true, checked };
  const answer = (out.replace(/^no /, '') || child.stderr?.trim() || child.error?.message || 'no answer').split('\n')[0];
  return { available: false, checked, reason: `testcontainers: ${answer}` };
}
