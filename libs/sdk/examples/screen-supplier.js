// @ts-check
/**
 * Screens suppliers against the blacklist (黑名单) before a procurement, by 统一社会信用代码.
 *
 *   CLUEBUS_URL=http://localhost:3000 CLUEBUS_KEY=dev-auditor node screen-supplier.js 91330100716105852F [...]
 *
 * With CLUEBUS_PROOF_KEY (a key that may read proofs) and CLUEBUS_AUDIT_PUBLIC_KEY (the
 * auditors' pinned Ed25519 public key, PEM, or a file holding it), every sanction behind a
 * listing is also verified here: its event is in the signed log (RFC 6962 inclusion proof).
 * Prints one JSON line per supplier; exits 0 when none is listed, 3 when one is, 1 on error.
 */
'use strict';
const fs = require('node:fs');
const { CluebusClient } = require('@cluebus/sdk');

async function main() {
  const usccs = process.argv.slice(2);
  if (usccs.length === 0) throw new Error('usage: node screen-supplier.js <统一社会信用代码> [...]');
  const baseUrl = process.env.CLUEBUS_URL ?? 'http://localhost:3000';
  const client = new CluebusClient({ baseUrl, apiKey: process.env.CLUEBUS_KEY ?? 'dev-auditor', actor: process.env.CLUEBUS_ACTOR ?? '采购-审核' });
  const pinned = process.env.CLUEBUS_AUDIT_PUBLIC_KEY;
  const publicKey = pinned && !pinned.includes('BEGIN') ? fs.readFileSync(pinned, 'utf8') : pinned;
  const prover = process.env.CLUEBUS_PROOF_KEY && publicKey ? new CluebusClient({ baseUrl, apiKey: process.env.CLUEBUS_PROOF_KEY }) : undefined;

  let listed = false;
  for (const uscc of usccs) {
    const { asOf, listings } = await client.blacklist.get({ uscc });
    const sanctions = listings.flatMap((l) => l.sanctions);
    const verified = prover && publicKey ? await Promise.all(sanctions.map((s) => prover.audit.verifyEvent(s.eventId, { publicKey }))) : undefined;
    if (sanctions.length > 0) listed = true;
    console.log(
      JSON.stringify({
        uscc,
        asOf,
        listed: sanctions.length > 0,
        sanctions: sanctions.map((s, i) => ({
          department: s.department,
          measure: s.measureName ?? s.measure,
          until: s.endsOn,
          eventId: s.eventId,
          ...(verified ? { proof: verified[i].ok ? 'verified' : `NOT VERIFIED: ${verified[i].reason}` } : {}),
        })),
      }),
    );
    if (verified?.some((v) => !v.ok)) throw new Error(`a sanction of ${uscc} did not verify against the pinned key`);
  }
  process.exitCode = listed ? 3 : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
