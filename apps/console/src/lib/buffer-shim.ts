// The SDK's file downloads (ledger/blacklist export) end in Buffer.from(arrayBuffer), a Node global.
// In the browser a Uint8Array is all the console needs (it becomes a Blob), so only that use is covered.
const g = globalThis as { Buffer?: unknown };
if (!g.Buffer) g.Buffer = { from: (data: ArrayBuffer) => new Uint8Array(data) };
export {};
