// The battle map (/) and GraphiQL (/graphiql), built into dist/ for GeoHub to serve. Nothing is
// fetched from outside at run time: maplibre's worker, the CJK font subsets and GraphiQL's editor
// workers are all emitted beside the bundle.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Files, never data: URLs, so the server's content types and caching apply to every asset.
    assetsInlineLimit: 0,
    // GraphiQL's Monaco editor is large by nature; bench/web reports the real sizes.
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      // framer-motion (inside GraphiQL) marks modules "use client", which means nothing in a bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        graphiql: resolve(import.meta.dirname, 'graphiql.html'),
      },
    },
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
