// The SDK's audit.verifyEvent uses libs/audit's Node verifier (Buffer, node:crypto); in the
// browser the console checks proofs itself with WebCrypto (proof-check.ts), so this is never called.
export type EventVerdict = { ok: boolean; reason?: string; eventId: string };
export type PinnedKey = string;
export function verifyEventProof(): never {
  throw new Error('use the console proof check (WebCrypto) in the browser');
}
