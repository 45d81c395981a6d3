// @ts-check
/**
 * A department system registers a clue and transfers it (登记 → 移交).
 *
 *   CLUEBUS_URL=http://localhost:3000 CLUEBUS_KEY=dev-nhc node register-and-transfer.js [count]
 *
 * Prints one JSON line per clue: {"clueId":…,"transferId":…}. The Idempotency-Key is derived
 * from the clue's number in this run (REF_PREFIX), so running it again with the same prefix
 * registers nothing twice: the service answers the first result (`replayed: true`).
 */
'use strict';
const { CluebusClient, CluebusApiError } = require('@cluebus/sdk');

async function main() {
  const count = Number(process.argv[2] ?? 1);
  const prefix = process.env.REF_PREFIX ?? `erp-${Date.now()}`;
  const client = new CluebusClient({
    baseUrl: process.env.CLUEBUS_URL ?? 'http://localhost:3000',
    apiKey: process.env.CLUEBUS_KEY ?? 'dev-nhc',
    actor: process.env.CLUEBUS_ACTOR ?? '王科员',
  });
  for (let i = 1; i <= count; i++) {
    const { clueId, replayed } = await client.clues.register(
      {
        source: 'report',
        category: 'false-invoice',
        summary: '某医药公司以"学术推广费"名义虚开发票冲账',
        subjects: [{ kind: 'enterprise', name: '某医药有限公司', uscc: '91330100716105852F', role: 'briber' }],
      },
      { idempotencyKey: `${prefix}-${i}-register` },
    );
    // What the routing policy requires goes along (false invoices: 税务).
    const routing = await client.clues.routing(clueId);
    const required = routing.suggestions.filter((s) => s.required).map((s) => s.recipient.split(':')[0]);
    const to = [...new Set([...required, 'samr'])];
    const { transferId } = await client.clues.transfer(clueId, { to, basis: '《关于建立医药领域腐败问题线索移交机制的通知》' }, { idempotencyKey: `${prefix}-${i}-transfer` });
    console.log(JSON.stringify({ clueId, transferId, to, replayed }));
  }
}

main().catch((error) => {
  // A refusal names its code and the field to fix.
  if (error instanceof CluebusApiError) console.error(`refused: ${error.code}${error.field ? ` (${error.field})` : ''}: ${error.detail}`);
  else console.error(error);
  process.exit(1);
});
