/**
 * Vite configuration of the Herald web console.
 *
 * `vite build --config web/vite.config.ts` (run from the project root) builds the console into
 * `<project>/dist/web`, which the server serves at `/` with an SPA fallback. `vite --config
 * web/vite.config.ts` starts a dev server that proxies `/api` and `/healthz` to a running Herald
 * (`HERALD_API_URL`, default http://127.0.0.1:8080); with `--mode mock` it answers the API from
 * an in-memory mock instead (web/dev/mock-api.ts), for working on the UI without a server.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { defineConfig, type PluginOption } from 'vite';
import react from '@vitejs/plugin-react';
import { mockApi } from './dev/mock-api.ts';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env['HERALD_API_URL'] ?? 'http://127.0.0.1:8080';

export default defineConfig(({ mode }) => {
  const plugins: PluginOption[] = [react()];
  if (mode === 'mock') plugins.push(mockApi());
  return {
    root: webRoot,
    base: '/',
    plugins,
    build: {
      outDir: resolve(webRoot, '../dist/web'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 1000,
      sourcemap: true,
    },
    server: {
      host: '127.0.0.1',
      proxy:
        mode === 'mock'
          ? undefined
          : {
              '/api': { target: apiTarget, changeOrigin: false },
              '/healthz': { target: apiTarget },
            },
    },
  };
});
