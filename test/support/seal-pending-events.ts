import { type SealedPosition, type SqlClient, sealPendingBatch } from '@cluebus/eventstore';

/** Seals what is ready now: batches until one comes back empty. */
export async function sealAll(sql: SqlClient): Promise<SealedPosition[]> {
  const sealed: SealedPosition[] = [];
  for (;;) {
    const batch = await sealPendingBatch(sql, 'sha256', { maxEvents: 500 });
    if (batch.length === 0) return sealed;
    sealed.push(...batch);
  }
}

/**
 * Seals until `expected` events are sealed, then what is ready beyond them (which must be
 * nothing). The fence is the server's oldest running transaction id, of every database on it,
 * so another session's transaction (a test suite on the same PostgreSQL; the sealer contract
 * holds one open on purpose) can hold sealing back for a while: that is lag, waited for here,
 * never a reason to seal fewer or more.
 */
export async function sealExactly(sql: SqlClient, expected: number, timeoutMs = 30_000): Promise<SealedPosition[]> {
  const deadline = Date.now() + timeoutMs;
  const sealed: SealedPosition[] = [];
  while (sealed.length < expected && Date.now() < deadline) {
    const batch = await sealAll(sql);
    sealed.push(...batch);
    if (batch.length === 0) await new Promise((r) => setTimeout(r, 25));
  }
  sealed.push(...(await sealAll(sql)));
  return sealed;
}
