// The battle map (/) and GraphiQL (/graphiql), built into dist/ for GeoHub to serve. Nothing is
// fetched from outside at run time: maplibre's worker, the CJK font subsets and GraphiQL's editor
// workers are all emitted beside the bundle.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';

// Text assets are also written compressed (name.br, name.gz) once, at build time: GeoHub serves
// the variant a browser accepts, so no request pays for compression (woff2 and PNG already are).
const compressible = /\.(js|mjs|css|ttf|svg|json)$/;
function precompress() {
  return {
    name: 'geohub-precompress',
    apply: 'build',
    closeBundle() {
      const assets = resolve(import.meta.dirname, 'dist', 'assets');
      for (const name of readdirSync(assets).filter(n => compressible.test(n))) {
        const bytes = readFileSync(join(assets, name));
        const copies = {
          br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
          gz: gzipSync(bytes, { level: 9 }),
        };
        // A copy that saves little (a file of a few bytes) is not worth a second request path.
        for (const [suffix, copy] of Object.entries(copies)) if (copy.length < bytes.length * 0.9) writeFileSync(join(assets, `${name}.${suffix}`), copy);
      }
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [precompress()],
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
