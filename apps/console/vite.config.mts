import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Static build into dist/console, served at /console by the standalone process and the ledger app (libs/service/src/http/console-static.ts).
export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [vue()],
  resolve: {
    alias: [
      // The SDK's Node-only parts: ids come from the browser's crypto; proofs are checked by src/lib/proof-check.ts (WebCrypto), not by libs/audit's node:crypto verifier.
      { find: /^node:crypto$/, replacement: here('src/lib/browser-crypto.ts') },
      { find: /^\.\.\/verify-event$/, replacement: here('src/lib/no-node-verifier.ts') },
      { find: /^@cluebus\/sdk\/(.*)$/, replacement: here('../../libs/sdk/src/$1') },
      { find: /^@cluebus\/contracts(.*)$/, replacement: here('../../libs/contracts/src$1') },
      { find: /^@cluebus\/domain\/(.*)$/, replacement: here('../../libs/domain/src/$1') },
      { find: /^@cluebus\/audit\/(canonical-json|hashed-content)$/, replacement: here('../../libs/audit/src/$1.ts') },
    ],
  },
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Element Plus and ECharts in chunks of their own: they change less often than the pages (long-lived cache).
    rollupOptions: { output: { manualChunks: (id: string) => (id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'echarts' : id.includes('node_modules/element-plus') ? 'element' : undefined) } },
  },
});
