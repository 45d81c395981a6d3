import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildContractDocument, CONTRACT_FILE, serializeContract } from '@cluebus/service/openapi/contract-document';

// `npm run openapi`: writes the contract integrators generate clients from (ADR 0012).
async function main(): Promise<void> {
  const document = await buildContractDocument();
  const path = join(__dirname, '..', CONTRACT_FILE);
  writeFileSync(path, serializeContract(document));
  console.log(`wrote ${CONTRACT_FILE}: ${Object.keys(document.paths).length} paths`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
