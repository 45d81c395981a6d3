import type { INestApplication } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import { createCluebusApp, loadCluebusConfig, type CluebusOverrides } from '@cluebus/service';
import { createTestDatabase } from './postgres-database';

export type StoreKind = 'pglite' | 'postgres';

export interface RunningApp {
  app: INestApplication;
  baseUrl: string;
  store: EventStore;
  close(): Promise<void>;
}

/** The standalone app (all six departments, in-process bus) over real HTTP on a free port. */
export async function startStandalone(kind: StoreKind, env: NodeJS.ProcessEnv = {}, overrides: CluebusOverrides = {}): Promise<RunningApp> {
  const db = kind === 'postgres' ? await createTestDatabase() : undefined;
  const config = loadCluebusConfig({
    CLUEBUS_MODE: 'standalone',
    CLUEBUS_STORE: kind,
    CLUEBUS_DATA_DIR: 'memory',
    ...(db ? { DATABASE_URL: db.url } : {}),
    PORT: '0',
    ...env,
  });
  // overrides (a FakeClock) reach the module only from here: no setting selects them.
  const app = await createCluebusApp(config, false, overrides);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    store: app.get(EVENT_STORE),
    close: async () => {
      await app.close();
      await db?.drop();
    },
  };
}
