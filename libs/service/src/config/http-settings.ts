import { isIP } from 'node:net';
import { ConfigError } from './config-error';
import { intSetting } from './env-settings';

/**
 * The HTTP edge of a process: where it listens, the largest body it reads and how long it keeps
 * an idle connection. Read by the department services (CluebusConfig.http) and by the ledger.
 *
 * | variable                       | default                                  | meaning |
 * |--------------------------------|------------------------------------------|---------|
 * | CLUEBUS_HOST                   | 127.0.0.1 standalone; 0.0.0.0 department mode and ledger | address the HTTP server binds |
 * | CLUEBUS_BODY_LIMIT             | 1mb                                      | largest JSON body read (`b`, `kb`, `mb`); larger → 413 PAYLOAD_TOO_LARGE |
 * | CLUEBUS_KEEP_ALIVE_TIMEOUT_MS  | 65000                                    | idle keep-alive connections are closed after this; header timeout is 1 s more |
 * | CLUEBUS_SHUTDOWN_DRAIN_MS      | 10000                                    | on SIGTERM, how long requests in flight may take to finish before their connections are cut |
 *
 * Request headers larger than Node's `--max-http-header-size` (16 KiB unless NODE_OPTIONS says
 * otherwise) are answered 431 by Node itself, before any of our code runs (so without a JSON body).
 */
export interface HttpSettings {
  /**
   * Address to bind (CLUEBUS_HOST). Standalone answers to the demo keys, so by default only this
   * machine reaches it; department services and the ledger run in containers, reached through a
   * published port, so they bind every interface.
   */
  host: string;
  /** Largest request body read, in bytes (CLUEBUS_BODY_LIMIT, 1mb). */
  bodyLimitBytes: number;
  /**
   * How long an idle keep-alive connection stays open (CLUEBUS_KEEP_ALIVE_TIMEOUT_MS, 65000).
   * Longer than the usual load-balancer / client pool idle time (60 s): the side that closes an
   * idle connection must be the client, or a request sent as the server closes gets ECONNRESET
   * (what a load client saw with Node's 5 s default).
   */
  keepAliveTimeoutMs: number;
  /** Time to receive a request's headers: slightly above keepAliveTimeoutMs (Node's own advice), always derived from it. */
  headersTimeoutMs: number;
  /**
   * On SIGTERM the server stops accepting and lets requests in flight finish, for at most this
   * long (CLUEBUS_SHUTDOWN_DRAIN_MS, 10000), before it cuts the rest (http-shutdown.ts). Below
   * the 15 s an orchestrator usually waits before SIGKILL.
   */
  drainTimeoutMs: number;
}

export const STANDALONE_HOST = '127.0.0.1';
export const CONTAINER_HOST = '0.0.0.0';
export const DEFAULT_BODY_LIMIT = '1mb';
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const DEFAULT_SHUTDOWN_DRAIN_MS = 10_000;

const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2 };

/**
 * A size in bytes: a whole number with an optional unit `b`, `kb` or `mb` (binary: 1kb = 1024 b),
 * e.g. `512kb`, `1mb`, `65536`. The fallback is written the same way, so a default reads as it
 * is documented. An empty value counts as unset, as for numbers (env-settings.ts).
 */
export function byteSizeSetting(env: NodeJS.ProcessEnv, name: string, fallback: string, min = 1): number {
  const raw = env[name];
  const text = raw === undefined || raw === '' ? fallback : raw;
  const m = /^\s*(\d+)\s*(b|kb|mb)?\s*$/i.exec(text);
  const bytes = m ? Number(m[1]) * BYTE_UNITS[(m[2] ?? 'b').toLowerCase()] : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < min) throw new ConfigError(`${name} must be a size of at least ${min} bytes, such as 512kb or 1mb, got "${text}"`);
  return bytes;
}

/** An IPv4/IPv6 literal or a host name (letters, digits, dots, hyphens). */
function hostSetting(env: NodeJS.ProcessEnv, fallback: string): string {
  const raw = env.CLUEBUS_HOST;
  if (raw === undefined || raw === '') return fallback;
  if (isIP(raw) === 0 && !/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(raw)) {
    throw new ConfigError(`CLUEBUS_HOST must be an IP address or host name to bind, e.g. 127.0.0.1 or 0.0.0.0, got "${raw}"`);
  }
  return raw;
}

/** `host`: the default address of this kind of process (STANDALONE_HOST or CONTAINER_HOST). */
export function loadHttpSettings(env: NodeJS.ProcessEnv, defaults: { host: string }): HttpSettings {
  const keepAliveTimeoutMs = intSetting(env, 'CLUEBUS_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_KEEP_ALIVE_TIMEOUT_MS, 1000);
  return {
    host: hostSetting(env, defaults.host),
    bodyLimitBytes: byteSizeSetting(env, 'CLUEBUS_BODY_LIMIT', DEFAULT_BODY_LIMIT),
    keepAliveTimeoutMs,
    headersTimeoutMs: keepAliveTimeoutMs + 1000,
    drainTimeoutMs: intSetting(env, 'CLUEBUS_SHUTDOWN_DRAIN_MS', DEFAULT_SHUTDOWN_DRAIN_MS, 0),
  };
}
