import { reactive } from 'vue';
import { CluebusClient } from '@cluebus/sdk/cluebus-client';

const KEY = 'cluebus.console.session';

export interface Session {
  apiKey: string;
  actor: string;
}

/** The signed-in key, for this browser tab's session only (sessionStorage: gone when the tab closes). */
export const session = reactive<{ current: Session | null }>({ current: read() });

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function signIn(s: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
  session.current = s;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  session.current = null;
}

/** The API through @cluebus/sdk, on the origin the console is served from. */
export function client(language = 'zh-CN'): CluebusClient {
  if (!session.current) throw new Error('not signed in');
  return new CluebusClient({ baseUrl: location.origin, apiKey: session.current.apiKey, actor: session.current.actor || undefined, language, retries: 1,
    // window.fetch must be called on window: the SDK keeps it as a property and would call it on itself (Illegal invocation).
    fetch: (input, init) => globalThis.fetch(input, init) });
}
