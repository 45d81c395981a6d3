import type { OpenAPIObject } from '@nestjs/swagger';
import { createCluebusApp } from '../bootstrap';
import { loadCluebusConfig } from '../config/cluebus-config';
import { cluebusDocument } from './cluebus-document';

/** Where the committed contract lives, from the repository root. */
export const CONTRACT_FILE = 'openapi/cluebus.v1.json';

/**
 * The document as `/docs-json` serves it, built without a network or a database server: the
 * standalone app over in-memory PGlite and the in-process bus, never listened on. Only the
 * settings given here are read (not the caller's environment), so the output is the same on
 * every machine.
 */
export async function buildContractDocument(): Promise<OpenAPIObject> {
  const config = loadCluebusConfig({ CLUEBUS_MODE: 'standalone', CLUEBUS_STORE: 'pglite', CLUEBUS_DATA_DIR: 'memory' });
  const app = await createCluebusApp(config);
  try {
    return cluebusDocument(app, config.openapiServers);
  } finally {
    await app.close();
  }
}

/** The byte form committed and compared: 2-space JSON and a final newline. */
export const serializeContract = (document: OpenAPIObject): string => `${JSON.stringify(document, null, 2)}\n`;
