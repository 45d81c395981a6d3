// Stands in for node:crypto in the browser bundle. The SDK needs only randomUUID (Idempotency-Key);
// the rest is imported by libs/audit's Node verifier, which the console never calls.
export const randomUUID = (): string => globalThis.crypto.randomUUID();
const nodeOnly = (): never => {
  throw new Error('node:crypto is not available in the browser; the console verifies with WebCrypto');
};
export const createHash = nodeOnly;
export const createPublicKey = nodeOnly;
export const createPrivateKey = nodeOnly;
export const generateKeyPairSync = nodeOnly;
export const sign = nodeOnly;
export const verify = nodeOnly;
export class KeyObject {}
